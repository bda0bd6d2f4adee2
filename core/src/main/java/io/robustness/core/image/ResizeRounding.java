package io.robustness.core.image;

/**
 * How a resize rounds, which decides whether the product's pixels equal the user's own pipeline's:
 * the two differ by at most 1/255 per pixel, enough to flip input-gradient signs and so some
 * adversarial images at large epsilons.
 */
public enum ResizeRounding {
  /**
   * PIL's {@code Image.resize} on 8-bit images, as torchvision's transforms on PIL images run it:
   * fixed-point weights, each pass (horizontal, then vertical) rounded to 8 bits; RGB to grey as
   * PIL's {@code convert("L")}; images decoded at full resolution.
   */
  PIL,
  /** Float throughout, as torchvision's {@code resize(..., antialias=True)} on float tensors. */
  FLOAT
}
