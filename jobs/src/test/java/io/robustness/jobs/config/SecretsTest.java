package io.robustness.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void keysNamingSecretsAreRecognised() {
    for (String key :
        new String[] {
          "fs.s3a.secret.key",
          "fs.s3a.access.key",
          "db.password",
          "api-token",
          "gcp.credentials.file",
          "spark.hadoop.fs.s3a.session.token",
          "AWS_SECRET_ACCESS_KEY"
        }) {
      assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
    }
    for (String key :
        new String[] {
          "robustness.dataset.uri", "fs.s3a.endpoint", "robustness.attack.batch-size"
        }) {
      assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
    }
  }

  @Test
  void userInfoIsStrippedFromUris() {
    assertThat(Secrets.stripUserInfo("read s3a://KEY:SECRET@bucket/x and http://u:p@host:9000/y"))
        .isEqualTo("read s3a://*****@bucket/x and http://*****@host:9000/y");
    assertThat(Secrets.stripUserInfo("s3a://bucket/key@2x.png"))
        .isEqualTo("s3a://bucket/key@2x.png");
    assertThat(Secrets.shown("fs.s3a.secret.key", "abc")).isEqualTo(Secrets.REDACTED);
  }
}
