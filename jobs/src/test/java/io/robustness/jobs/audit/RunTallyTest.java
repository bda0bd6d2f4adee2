package io.robustness.jobs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustness.core.attack.AttackKind;
import io.robustness.core.attack.AttackMode;
import io.robustness.core.attack.AttackSpec;
import io.robustness.core.attack.EpsilonScore;
import io.robustness.core.attack.ImageOutcome;
import io.robustness.core.attack.Score;
import io.robustness.core.attack.WorstCase;
import io.robustness.core.image.FailureReason;
import io.robustness.jobs.tables.ImageResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's tallies from the typed results, without Spark, merged in any order. */
class RunTallyTest {

  private static final List<Double> GRID = List.of(0.0, 0.1, 0.2);
  private static final List<AttackSpec> ATTACKS =
      List.of(
          new AttackSpec(AttackKind.FGSM, GRID, AttackMode.UNTARGETED),
          new AttackSpec(AttackKind.BIM, GRID, AttackMode.UNTARGETED));

  /** Label 1; predictions at each epsilon of the grid. */
  private static ImageResult attacked(String path, String attack, int... predictions) {
    List<EpsilonScore> scores = new ArrayList<>();
    for (int i = 0; i < predictions.length; i++) {
      scores.add(
          new EpsilonScore(GRID.get(i), new Score(predictions[i], 0.9f, 0.5f, true, 0.4f), 0f, 0f));
    }
    ImageOutcome outcome =
        new ImageOutcome(1, -1, AttackMode.UNTARGETED, scores.get(0).score(), scores);
    return new ImageResult.Attacked(path, attack, outcome, Map.of(), "exec-" + path.length());
  }

  /** The worst case of an image's attacked results, as the scoring pass emits it after them. */
  private static ImageResult worst(ImageResult... attacked) {
    List<ImageOutcome> outcomes = new ArrayList<>();
    for (ImageResult r : attacked) {
      outcomes.add(((ImageResult.Attacked) r).outcome());
    }
    return new ImageResult.WorstCase(
        attacked[0].imagePath(), WorstCase.of(outcomes), attacked[0].executorId());
  }

  private static List<ImageResult> results() {
    ImageResult aFgsm = attacked("a.png", "fgsm", 1, 1, 0);
    ImageResult aBim = attacked("a.png", "bim", 1, 0, 1);
    ImageResult bFgsm = attacked("bb.png", "fgsm", 1, 1, 1);
    ImageResult bBim = attacked("bb.png", "bim", 1, 1, 1);
    return List.of(
        aFgsm,
        aBim,
        worst(aFgsm, aBim),
        bFgsm,
        bBim,
        worst(bFgsm, bBim),
        new ImageResult.Failed(
            "ccc.png", 2, -1, "decode", FailureReason.CORRUPT, "ccc.png: truncated", "exec-x"));
  }

  @Test
  void countsEachImageOnceAndTalliesEveryAttackApart() {
    RunTally tally = new RunTally(ATTACKS, 0.99999);
    results().forEach(tally::add);

    assertThat(tally.scored()).isEqualTo(2);
    assertThat(tally.failed()).isEqualTo(1);
    assertThat(tally.executors()).isEqualTo(3);
    assertThat(tally.curves().keySet()).containsExactly("fgsm", "bim", "worst");
    assertThat(tally.curves().get("fgsm").overall())
        .extracting(p -> p.accuracy())
        .containsExactly(1.0, 1.0, 0.5);
    assertThat(tally.curves().get("bim").overall())
        .extracting(p -> p.accuracy())
        .containsExactly(1.0, 0.5, 1.0);
    // a.png is wrong at 0.1 under BIM and at 0.2 under FGSM: wrong at both in the worst case.
    assertThat(tally.curves().get("worst").overall())
        .extracting(p -> p.accuracy())
        .containsExactly(1.0, 0.5, 0.5);
    assertThat(tally.flips().get("fgsm").never()).isEqualTo(1);
    assertThat(tally.flips().get("worst").never()).isEqualTo(1);
    assertThat(tally.exampleCandidates())
        .extracting(ExamplePicker.Candidate::path)
        .containsExactlyInAnyOrder("a.png", "bb.png");
  }

  @Test
  void partsTalliedApartAndSerializedMergeToTheWhole() throws Exception {
    RunTally whole = new RunTally(ATTACKS, 0.99999);
    results().forEach(whole::add);
    RunTally first = new RunTally(ATTACKS, 0.99999);
    RunTally second = new RunTally(ATTACKS, 0.99999);
    List<ImageResult> all = results();
    for (int i = 0; i < all.size(); i++) {
      // As Spark moves them: results persisted on disk, tallies sent to the driver.
      (i % 2 == 0 ? first : second).add(roundTrip(all.get(i)));
    }
    RunTally merged = roundTrip(second).merge(roundTrip(first));

    assertThat(merged.scored()).isEqualTo(whole.scored());
    assertThat(merged.failed()).isEqualTo(whole.failed());
    assertThat(merged.executors()).isEqualTo(whole.executors());
    assertThat(merged.curves()).isEqualTo(whole.curves());
    assertThat(merged.flips().get("bim").mean()).isEqualTo(whole.flips().get("bim").mean());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
