#!/usr/bin/python3
"""The hardening benchmark's baseline: FGSM-mixed adversarial fine-tuning in a plain PyTorch script.

Used by deploy/local/harden-bench only. It trains the same TorchScript model the same way `robustness harden` does
(loss = alpha x CE(clean) + (1 - alpha) x CE(FGSM at epsilon on the current weights), perturbation and clipping in
pixel space, Adam, the same batch size and threads) on the first --limit images of a folder of PNG class folders,
and prints one line per epoch: epoch=N seconds=S images=N loss=L. Decoding is done before the clock starts, as the
Java side decodes before training.

    /usr/bin/python3 pytorch_harden.py --images DIR --model model.pt --limit 18051 --epochs 2 --threads 2
"""
import argparse
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--images", required=True, help="folder of class folders; classes.txt lists their order")
    p.add_argument("--model", required=True)
    p.add_argument("--limit", type=int, default=0, help="train on the first N images (sorted paths); 0: all")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--epsilon", type=float, default=0.1)
    p.add_argument("--alpha", type=float, default=0.5)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def load(root, limit):
    with open(os.path.join(root, "classes.txt")) as f:
        classes = [line.strip() for line in f if line.strip()]
    files = []
    for label, name in enumerate(classes):
        folder = os.path.join(root, name)
        files += [(os.path.join(folder, n), label) for n in sorted(os.listdir(folder))]
    files.sort()
    if limit:
        files = files[:limit]
    x = np.stack([np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255.0 for path, _ in files])
    return torch.from_numpy(x).unsqueeze(1), torch.tensor([label for _, label in files])


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y = load(args.images, args.limit)
    model = torch.jit.load(args.model)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        order = torch.randperm(len(y))
        total, batches = 0.0, 0
        for i in range(0, len(y), args.batch_size):
            idx = order[i:i + args.batch_size]
            xb, yb = x[idx], y[idx]
            xa = xb.clone().requires_grad_(True)
            grad, = torch.autograd.grad(F.cross_entropy(model(xa), yb), xa)
            adversarial = (xb + args.epsilon * grad.sign()).clamp(0, 1)
            loss = args.alpha * F.cross_entropy(model(xb), yb) + (1 - args.alpha) * F.cross_entropy(model(adversarial), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        print(f"epoch={epoch} seconds={time.time() - start:.2f} images={len(y)} loss={total / batches:.4f}", flush=True)


if __name__ == "__main__":
    main()
