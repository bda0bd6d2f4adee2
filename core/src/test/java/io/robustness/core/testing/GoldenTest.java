package io.robustness.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that compares with PyTorch's golden figures. The build runs these once more under
 * each of libtorch's kernel sets ({@code ATEN_CPU_CAPABILITY} = {@code default}, {@code avx2},
 * {@code avx512}), skipping a set the CPU cannot run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("golden")
@ExtendWith(RequestedKernels.class)
public @interface GoldenTest {}
