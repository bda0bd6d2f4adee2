#!/usr/bin/python3
"""The benchmark's baseline: FGSM (or BIM, PGD) over a folder of PNG (or JPEG) class folders in a plain PyTorch script.

Used by deploy/local/robustness-bench only. It does what a user would write around torchattacks or Foolbox:
read and decode every image with PIL, then attack batch by batch, either taking the gradient once per batch and
reusing it for every epsilon ("once", what the audit does) or taking it again for every epsilon ("per-epsilon",
what loops over attack objects do). With --kind bim or pgd: per epsilon, --steps steps of --step-size x epsilon
along the gradient's sign at the current point, each projected onto the epsilon ball and [0,1] (pgd from a uniform
random start in the ball), then one forward. Prints one line of key=value figures.

    /usr/bin/python3 pytorch_fgsm.py --images DIR --model model.pt --channels 1 --size 28 --mode once
    /usr/bin/python3 pytorch_fgsm.py --images DIR --model model.pt --kind bim --steps 10
"""
import argparse
import os
import resource
import time

START = time.time()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image  # noqa: E402


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--images", required=True, help="folder of class folders; classes.txt lists their order")
    p.add_argument("--model", required=True)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--mean", default="", help="comma-separated, one per channel; empty: none")
    p.add_argument("--std", default="")
    p.add_argument("--epsilons", default="0,0.02,0.05,0.1,0.2,0.3")
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--mode", choices=["once", "per-epsilon"], default="once")
    p.add_argument("--kind", choices=["fgsm", "bim", "pgd"], default="fgsm")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--step-size", type=float, default=0.0, help="a fraction of epsilon; 0: 2.5 / steps")
    return p.parse_args()


def iterative(logits, x, y, eps, kind, steps, step):
    """BIM (pgd: from a random start) at one epsilon: steps of step along the sign, projected each time."""
    adv = x.clone()
    if kind == "pgd":
        adv = torch.clamp(x + torch.empty_like(x).uniform_(-eps, eps), 0, 1)
    for _ in range(steps):
        xg = adv.clone().requires_grad_(True)
        loss = F.cross_entropy(logits(xg), y, reduction="sum")
        sign = torch.autograd.grad(loss, xg)[0].sign()
        with torch.no_grad():
            adv = torch.clamp(torch.min(torch.max(adv + step * sign, x - eps), x + eps), 0, 1)
    return adv


def files_and_labels(root):
    with open(os.path.join(root, "classes.txt")) as f:
        classes = [line.strip() for line in f if line.strip()]
    out = []
    for label, name in enumerate(classes):
        folder = os.path.join(root, name)
        if os.path.isdir(folder):
            out.extend((os.path.join(folder, f), label) for f in sorted(os.listdir(folder)) if f.endswith((".png", ".jpg")))
    return out


def decode(path, channels, size):
    image = Image.open(path).convert("L" if channels == 1 else "RGB")
    if image.size != (size, size):
        image = image.resize((size, size), Image.BILINEAR)
    array = np.asarray(image, dtype=np.float32) / 255.0
    return array[None] if channels == 1 else array.transpose(2, 0, 1)


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    epsilons = [float(e) for e in a.epsilons.split(",")]
    mean = torch.tensor([float(v) for v in a.mean.split(",")]).view(1, -1, 1, 1) if a.mean else None
    std = torch.tensor([float(v) for v in a.std.split(",")]).view(1, -1, 1, 1) if a.std else None
    model = torch.jit.load(a.model).eval()

    def logits(x):
        return model((x - mean) / std) if mean is not None else model(x)

    t = time.time()
    items = files_and_labels(a.images)
    x_all = torch.from_numpy(np.stack([decode(p, a.channels, a.size) for p, _ in items]))
    y_all = torch.tensor([label for _, label in items])
    decode_s = time.time() - t

    t = time.time()
    correct = [0] * len(epsilons)
    for i in range(0, len(items), a.batch_size):
        x, y = x_all[i:i + a.batch_size], y_all[i:i + a.batch_size]
        sign = None
        for e, eps in enumerate(epsilons):
            if a.kind != "fgsm":
                adv = x if eps == 0 else iterative(logits, x, y, eps, a.kind, a.steps,
                                                   (a.step_size or 2.5 / a.steps) * eps)
                with torch.no_grad():
                    correct[e] += int((logits(adv).argmax(1) == y).sum())
                continue
            if sign is None or a.mode == "per-epsilon":
                xg = x.clone().requires_grad_(True)
                loss = F.cross_entropy(logits(xg), y, reduction="sum")
                sign = torch.autograd.grad(loss, xg)[0].sign()
            with torch.no_grad():
                probs = F.softmax(logits(torch.clamp(x + eps * sign, 0, 1)), dim=1)
                correct[e] += int((probs.argmax(1) == y).sum())
    attack_s = time.time() - t

    n = len(items)
    print("pytorch kind=%s mode=%s images=%d epsilons=%d threads=%d decode_s=%.2f attack_s=%.2f total_s=%.2f "
          "attack_rate=%.0f peak_rss_mb=%d accuracy=%s" % (
              a.kind, a.mode, n, len(epsilons), a.threads, decode_s, attack_s, time.time() - START,
              n * len(epsilons) / attack_s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
              ",".join("%.4f" % (c / n) for c in correct)))


if __name__ == "__main__":
    main()
