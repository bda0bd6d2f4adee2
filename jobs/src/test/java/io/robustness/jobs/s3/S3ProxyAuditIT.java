package io.robustness.jobs.s3;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The S3 contract against S3Proxy, started in this JVM on 127.0.0.1 over an in-memory blob store.
 */
class S3ProxyAuditIT extends S3AuditContract {

  private static final String ACCESS_KEY = "AKIAPROXYTEST7Q3Z";
  private static final String SECRET_KEY = "proxy-secret-9f8e7d6c5b4a";

  private static S3Proxy proxy;
  private static BlobStoreContext blobs;
  private static int port;

  @BeforeAll
  static void startProxy() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    blobs =
        ContextBuilder.newBuilder("transient")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stopProxy() throws Exception {
    proxy.stop();
    blobs.close();
  }

  @Override
  protected Endpoint endpoint() {
    return new Endpoint("http://127.0.0.1:" + port, ACCESS_KEY, SECRET_KEY);
  }
}
