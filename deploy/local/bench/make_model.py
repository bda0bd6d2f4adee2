#!/usr/bin/python3
"""MobileNetV2 or ResNet-50 (torchvision's architectures, random weights: nothing downloads) traced at 3x224x224,
with a model descriptor (ImageNet mean/std, 1000 classes whose first names are the Fashion-MNIST folders, so the
benchmark's image folders are classes of it). For speed only: its predictions mean nothing. Used by
deploy/local/robustness-bench.

    /usr/bin/python3 make_model.py mobilenet_v2|resnet50 OUT_DIR
"""
import os
import sys

import torch
import torchvision

FASHION = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle_boot"]


def main():
    arch, out = sys.argv[1], sys.argv[2]
    if arch not in ("mobilenet_v2", "resnet50"):
        sys.exit("make_model.py: %s is not mobilenet_v2 or resnet50" % arch)
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    model = getattr(torchvision.models, arch)(num_classes=1000)
    # Freshly initialised batch-norm statistics (mean 0, variance 1) shrink the activations layer by layer until
    # every logit is ~1e-9 and all 1000 probabilities are equal. A few batches of noise in training mode give the
    # statistics real values: the logits then spread (standard deviation ~0.08) and no two classes tie.
    model.train()
    with torch.no_grad():
        for _ in range(8):
            model(torch.randn(16, 3, 224, 224))
    model.eval()
    torch.jit.trace(model, torch.zeros(1, 3, 224, 224)).save(os.path.join(out, "model.pt"))
    classes = FASHION + ["class_%03d" % i for i in range(len(FASHION), 1000)]
    with open(os.path.join(out, "model.conf"), "w") as f:
        f.write("# %s, torchvision's architecture with random weights, traced by make_model.py.\n" % arch)
        f.write("input {\n  channels = 3\n  height = 224\n  width = 224\n")
        f.write("  mean = [0.485, 0.456, 0.406]\n  std = [0.229, 0.224, 0.225]\n}\n")
        f.write("classes = [%s]\n" % ", ".join('"%s"' % c for c in classes))
    print("wrote", os.path.join(out, "model.pt"))


if __name__ == "__main__":
    main()
