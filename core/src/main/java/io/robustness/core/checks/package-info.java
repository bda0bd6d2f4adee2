/**
 * Attack-failure checks (Carlini et al., "On Evaluating Adversarial Robustness", 2019; Pintor et
 * al., "Indicators of Attack Failure", NeurIPS 2022): evidence, from the same pass that scored the
 * images, that the attacks did not silently fail. {@link CheckTally} counts per attack and merges
 * across partitions; {@link AttackChecks} turns the tallies and curves into verdicts.
 */
package io.robustness.core.checks;
