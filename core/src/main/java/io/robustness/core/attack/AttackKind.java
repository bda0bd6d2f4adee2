package io.robustness.core.attack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The attacks this product runs, by the name settings and tables use. Adding an attack: one class
 * implementing {@link Attack} that declares its {@link AttackShape}, and one constant here.
 */
public enum AttackKind {
  FGSM("fgsm", Fgsm::new, Fgsm.SHAPE),
  BIM("bim", Bim::new, Bim.SHAPE),
  PGD("pgd", Pgd::new, Pgd.SHAPE),
  APGD_CE("apgd-ce", spec -> new Apgd(spec, ApgdLoss.CE), Apgd.SHAPE),
  APGD_DLR("apgd-dlr", spec -> new Apgd(spec, ApgdLoss.DLR), Apgd.SHAPE);

  private final String configName;
  private final Function<AttackSpec, Attack> factory;
  private final AttackShape shape;

  AttackKind(String configName, Function<AttackSpec, Attack> factory, AttackShape shape) {
    this.configName = configName;
    this.factory = factory;
    this.shape = shape;
  }

  /** Why this kind cannot run {@code spec} (see {@link AttackShape#refuses}), or null. */
  public String refuses(AttackSpec spec, int classes) {
    return shape.refuses(spec, classes);
  }

  /** {@code requested}, for this kind, as the kind runs it (see {@link AttackShape#shape}). */
  public AttackSpec shape(AttackSpec requested) {
    return shape.shape(requested.withKind(this));
  }

  /** The model passes one batch costs under {@code spec}. */
  public AttackShape.Cost cost(AttackSpec spec) {
    return shape.cost(spec);
  }

  /** The name in settings and tables, like {@code fgsm}. */
  public String configName() {
    return configName;
  }

  Attack create(AttackSpec spec) {
    return factory.apply(spec);
  }

  /** The kind named {@code name} (case and surrounding spaces ignored). */
  public static Optional<AttackKind> parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.configName.equals(wanted)).findFirst();
  }

  /** Every name, for messages that list the choices. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(AttackKind::configName).toList());
  }
}
