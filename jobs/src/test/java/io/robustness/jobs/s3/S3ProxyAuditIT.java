package io.robustness.jobs.s3;

import io.robustness.jobs.testing.LoopbackS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;

/**
 * The S3 contract against S3Proxy, started in this JVM on 127.0.0.1 over an in-memory blob store.
 */
@Order(3)
class S3ProxyAuditIT extends S3AuditContract {

  private static LoopbackS3 s3;

  @BeforeAll
  static void startProxy() throws Exception {
    s3 = LoopbackS3.start("AKIAPROXYTEST7Q3Z", "proxy-secret-9f8e7d6c5b4a");
  }

  @AfterAll
  static void stopProxy() throws Exception {
    s3.close();
  }

  @Override
  protected Endpoint endpoint() {
    return new Endpoint(s3.url(), s3.accessKey(), s3.secretKey());
  }
}
