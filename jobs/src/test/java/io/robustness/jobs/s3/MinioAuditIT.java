package io.robustness.jobs.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The S3 contract against MinIO in a container. Where no Docker engine answers (as on the machines
 * this was written on), JUnit reports the class as skipped because Docker is unavailable: never
 * failed, never passed.
 */
@Testcontainers(disabledWithoutDocker = true)
@Order(4)
class MinioAuditIT extends S3AuditContract {

  private static MinIOContainer minio;

  @BeforeAll
  static void startMinio() {
    minio =
        new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z")
            .withUserName("minio-access-4d2c")
            .withPassword("minio-secret-81b7e6a9");
    minio.start();
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.stop();
    }
  }

  @Override
  protected Endpoint endpoint() {
    return new Endpoint(minio.getS3URL(), minio.getUserName(), minio.getPassword());
  }
}
