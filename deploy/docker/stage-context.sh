#!/usr/bin/env bash
# Stages the Docker build context for deploy/docker/Dockerfile into OUT_DIR from this checkout's build:
#   OUT_DIR/robustness-jobs-cluster.jar   the application jar (mvn -DskipTests package builds it)
#   OUT_DIR/libtorch/                      libtorch 2.7.1's shared libraries for the flavor
#   OUT_DIR/djl-cache/                     DJL's JNI library where DJL looks for it, so executors unpack nothing
#   OUT_DIR/jars/                          Spark's s3a connector: hadoop-aws and the AWS SDK v2 bundle matching
#                                          Spark 4.1.3's Hadoop (Spark's image lacks them); none with --without-s3a;
#                                          and Iceberg's Spark runtime with SQLite's JDBC driver, from the build's
#                                          jobs/target/lib, for robustness.output.format = iceberg; none with
#                                          --without-iceberg
#   OUT_DIR/Dockerfile, gpu-discovery.sh, FLAVOR
#
#   deploy/docker/stage-context.sh OUT_DIR                                   CPU, libtorch from the Maven jar
#   deploy/docker/stage-context.sh --flavor cu128 --libtorch-zip Z OUT_DIR   CUDA 12.8, from PyTorch's libtorch
#       zip for 2.7.1+cu128 (the "shared-with-deps" Linux build, which carries the CUDA runtime libraries)
# The s3a jars come from Maven Central through mvn (641 MB for the SDK bundle), at staging time only.
set -euo pipefail

flavor=cpu
libtorch_zip=
with_s3a=true
with_iceberg=true
out=
while (($#)); do
  case $1 in
    --flavor) flavor=${2:?--flavor needs cpu or cu128}; shift 2 ;;
    --libtorch-zip) libtorch_zip=${2:?--libtorch-zip needs a file}; shift 2 ;;
    --without-s3a) with_s3a=false; shift ;;
    --without-iceberg) with_iceberg=false; shift ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "stage-context.sh: unknown option $1" >&2; exit 2 ;;
    *) out=$1; shift ;;
  esac
done

die() {
  echo "stage-context.sh: $*" >&2
  exit 2
}

[[ -n $out ]] || die "name the output folder (usage: stage-context.sh [--flavor cpu|cu128] [--libtorch-zip FILE] OUT_DIR)"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
app_jar=$root/jobs/target/robustness-jobs-cluster.jar
[[ -f $app_jar ]] || die "no $app_jar: build it first with mvn -DskipTests package"
command -v jar >/dev/null || die "needs the JDK's jar tool on PATH"

# What the engine was built against: the pytorch-jni version in the application jar.
pytorch_version=2.7.1
djl_version=0.36.0
# Spark 4.1.3's Hadoop, and the AWS SDK version that Hadoop release was built with.
hadoop_version=3.4.2
aws_sdk_version=2.29.52

case $flavor in
  cpu)
    native_jar=$(find "$root/jobs/target/lib" -maxdepth 1 -name "pytorch-native-cpu-$pytorch_version-linux-x86_64.jar" -print -quit)
    [[ -n $native_jar ]] || die "no pytorch-native-cpu-$pytorch_version jar in jobs/target/lib: run mvn -DskipTests package"
    ;;
  cu128)
    [[ -n $libtorch_zip && -f $libtorch_zip ]] || die "--flavor cu128 needs --libtorch-zip: PyTorch's libtorch $pytorch_version+cu128 zip for Linux"
    ;;
  *) die "--flavor $flavor: use cpu or cu128" ;;
esac

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "${out:?}/libtorch" "${out:?}/djl-cache" "${out:?}/jars" "$out/unpack"
mkdir -p "$out/libtorch" "$out/unpack" "$out/jars"

if [[ $flavor == cpu ]]; then
  (cd "$out/unpack" && jar xf "$native_jar")
  mv "$out/unpack/pytorch/cpu/linux-x86_64/"* "$out/libtorch/"
else
  (cd "$out/unpack" && jar xf "$libtorch_zip")
  [[ -f $out/unpack/libtorch/lib/libtorch_cuda.so ]] || die "$libtorch_zip has no libtorch/lib/libtorch_cuda.so: not a CUDA libtorch"
  mv "$out/unpack/libtorch/lib/"* "$out/libtorch/"
fi
rm -rf "$out/unpack"
[[ -f $out/libtorch/libtorch.so ]] || die "no libtorch.so staged"

jni_dir=$out/djl-cache/pytorch/$pytorch_version-$flavor-linux-x86_64
mkdir -p "$jni_dir" "$out/unpack"
(cd "$out/unpack" && jar xf "$app_jar" "jnilib/linux-x86_64/$flavor/libdjl_torch.so")
[[ -f $out/unpack/jnilib/linux-x86_64/$flavor/libdjl_torch.so ]] || die "the application jar has no JNI library for $flavor"
mv "$out/unpack/jnilib/linux-x86_64/$flavor/libdjl_torch.so" "$jni_dir/$djl_version-libdjl_torch.so"
rm -rf "$out/unpack"

if [[ $with_s3a == true ]]; then
  command -v mvn >/dev/null || die "needs mvn to fetch the s3a jars (or pass --without-s3a)"
  for artifact in "org.apache.hadoop:hadoop-aws:$hadoop_version" "software.amazon.awssdk:bundle:$aws_sdk_version"; do
    mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$out/jars" >&2 ||
      die "could not fetch $artifact with mvn"
  done
fi

if [[ $with_iceberg == true ]]; then
  for pattern in 'iceberg-spark-runtime-*.jar' 'sqlite-jdbc-*.jar'; do
    jar_file=$(find "$root/jobs/target/lib" -maxdepth 1 -name "$pattern" -print -quit)
    [[ -n $jar_file ]] || die "no $pattern in jobs/target/lib: run mvn -DskipTests package (or pass --without-iceberg)"
    cp "$jar_file" "$out/jars/"
  done
fi

cp "$app_jar" "$out/robustness-jobs-cluster.jar"
cp "$here/Dockerfile" "$out/Dockerfile"
cp "$root/deploy/spark-submit/gpu-discovery.sh" "$out/gpu-discovery.sh"
echo "$flavor" >"$out/FLAVOR"
echo "staged $flavor context in $out ($(du -sh "$out" | cut -f1))"
