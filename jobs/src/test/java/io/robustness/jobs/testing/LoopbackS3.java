package io.robustness.jobs.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** An S3 server in this JVM on 127.0.0.1 (S3Proxy over an in-memory blob store), with V4 auth. */
public final class LoopbackS3 implements AutoCloseable {

  private final S3Proxy proxy;
  private final BlobStoreContext blobs;
  private final int port;
  private final String accessKey;
  private final String secretKey;

  private LoopbackS3(String accessKey, String secretKey) throws Exception {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    blobs =
        ContextBuilder.newBuilder("transient")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    // Port 0: the server takes a free port itself, so no other process can take it in between.
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(20);
    }
    port = proxy.getPort();
  }

  public static LoopbackS3 start(String accessKey, String secretKey) throws Exception {
    return new LoopbackS3(accessKey, secretKey);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public BlobStore blobStore() {
    return blobs.getBlobStore();
  }

  /** Uploads every file under {@code folder} to {@code bucket} under {@code prefix}. */
  public void upload(String bucket, String prefix, Path folder) throws IOException {
    BlobStore store = blobStore();
    store.createContainerInLocation(null, bucket);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String key = prefix + "/" + folder.relativize(f).toString().replace('\\', '/');
      store.putBlob(bucket, store.blobBuilder(key).payload(f.toFile()).build());
    }
  }

  /** Keys in {@code bucket} that start with {@code prefix}. */
  public List<String> keys(String bucket, String prefix) {
    return blobStore()
        .list(
            bucket,
            org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix(prefix).recursive())
        .stream()
        .map(m -> m.getName())
        .toList();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    blobs.close();
  }
}
