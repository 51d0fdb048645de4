#!/usr/bin/python3
"""Train the U-Net of unet_step.py on a few labeled images for a fixed time budget and score it on a
test set, the way a plant engineer would without any framework: random crops, masked BCE + soft Dice,
AdamW with a cosine schedule, whole-image evaluation with per-class IoU pooled over all test pixels.

Reads the project's plain layout: images/<stem>.png (one grayscale channel) or images/<stem>.tif
(one page per channel, 8 or 16 bit), masks/<stem>.png (8 bit; 255 = ignore) and dataset.json, whose
"labels" says whether a mask holds class ids (0 background, k+1 class k) or bits (bit k = class k).
Prints one JSON line. See README.md for how to run.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageSequence

from unet_step import UNet, make_optimizer, seg_loss

IGNORE = 255
DEFAULT_CLASSES = ["wire", "ball", "wedge", "epoxy"]


def read_image(path):
    """All channels of one image as float32 [C, H, W] in [0, 1] (divided by the bit depth's max)."""
    pages = []
    with Image.open(path) as im:
        for page in ImageSequence.Iterator(im):
            a = np.array(page)
            if a.ndim != 2:
                raise SystemExit(f"{path}: expected grayscale pages, got shape {a.shape}")
            # 8-bit pages come as uint8; PIL gives 16-bit ones as uint16 (I;16) or int32 (I).
            full = 255.0 if a.dtype == np.uint8 else 65535.0
            pages.append(a.astype(np.float32) / full)
    return np.stack(pages)


def read_mask(path, encoding, k):
    """Targets [K, H, W] as 0/1 float32 and the valid map [1, H, W] (0 where the label is 255)."""
    m = np.array(Image.open(path))
    if m.ndim != 2:
        raise SystemExit(f"{path}: a mask must be a single-band label PNG")
    valid = m != IGNORE
    if encoding == "bits":
        target = np.stack([(m >> c) & 1 for c in range(k)]).astype(bool)
    else:
        target = np.stack([m == c + 1 for c in range(k)])
    target &= valid  # ignored pixels carry no class
    return target.astype(np.float32), valid[None].astype(np.float32)


def open_dataset(root, device=None, max_images=None):
    """Reads images/ + masks/ of a plain-layout folder; returns (stems, images, targets, valids,
    classes). `device` keeps stems whose part before the first '_' equals it, as the Java side
    derives a sample's device from its stem."""
    manifest = {}
    if os.path.isfile(os.path.join(root, "dataset.json")):
        with open(os.path.join(root, "dataset.json")) as f:
            manifest = json.load(f)
    classes = manifest.get("classes", DEFAULT_CLASSES)
    # The plain layout defaults to class ids when nothing says otherwise, like the Java reader.
    encoding = {"ids": "ids", "id": "ids", "bits": "bits", "bitmask": "bits"}[
        manifest.get("labels", "ids").lower()]
    files = sorted(os.listdir(os.path.join(root, "images")))
    stems = []
    for f in files:
        stem = os.path.splitext(f)[0]
        if device and stem.split("_", 1)[0] != device:
            continue
        stems.append((stem, f))
    if max_images:
        stems = stems[:max_images]
    if not stems:
        raise SystemExit(f"{root}: no images" + (f" of device {device}" if device else ""))
    images, targets, valids = [], [], []
    for stem, f in stems:
        images.append(read_image(os.path.join(root, "images", f)))
        t, v = read_mask(os.path.join(root, "masks", stem + ".png"), encoding, len(classes))
        if t.shape[1:] != images[-1].shape[1:]:
            raise SystemExit(f"{root}: mask and image of {stem} differ in size")
        targets.append(t)
        valids.append(v)
    return [s for s, _ in stems], images, targets, valids, classes


def channel_stats(images):
    """Per-channel mean and std over every pixel of the training images."""
    c = images[0].shape[0]
    flat = np.concatenate([im.reshape(c, -1) for im in images], axis=1).astype(np.float64)
    return flat.mean(axis=1).astype(np.float32), np.maximum(flat.std(axis=1), 1e-6).astype(np.float32)


def sample_crop(rng, images, targets, valids, crop):
    """One random crop at native resolution with flips, a quarter turn and a mild gamma."""
    i = rng.integers(len(images))
    img, tgt, val = images[i], targets[i], valids[i]
    h, w = img.shape[1:]
    if h < crop or w < crop:
        raise SystemExit(f"crop {crop} is larger than an image ({h}x{w})")
    y, x = rng.integers(h - crop + 1), rng.integers(w - crop + 1)
    img, tgt, val = (a[:, y:y + crop, x:x + crop] for a in (img, tgt, val))
    # Gamma on the raw [0, 1] intensities, before normalisation, between 0.8 and 1.25: a mild
    # change of contrast such as a different illumination setting would give.
    img = img ** np.float32(math.exp(rng.uniform(math.log(0.8), math.log(1.25))))
    if rng.random() < 0.5:
        img, tgt, val = (a[:, :, ::-1] for a in (img, tgt, val))
    if rng.random() < 0.5:
        img, tgt, val = (a[:, ::-1, :] for a in (img, tgt, val))
    k = int(rng.integers(4))
    img, tgt, val = (np.rot90(a, k, axes=(1, 2)) for a in (img, tgt, val))
    return img, tgt, val


def make_batch(rng, data, batch, crop, mean, std):
    crops = [sample_crop(rng, *data, crop) for _ in range(batch)]
    img = np.stack([c[0] for c in crops])
    img = (img - mean[None, :, None, None]) / std[None, :, None, None]
    tgt = np.stack([c[1] for c in crops])
    val = np.stack([c[2] for c in crops])
    return (torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)) for a in (img, tgt, val))


def cosine_lr(base, step, total):
    return base * 0.5 * (1 + math.cos(math.pi * min(step, total) / total))


@torch.no_grad()
def evaluate(model, data, mean, std, depth, k):
    """Per-class IoU pooled over all test images: intersections and unions are summed over images
    before dividing, ignored pixels are left out, a class is present when its sigmoid is > 0.5."""
    model.eval()
    inter = np.zeros(k, dtype=np.int64)
    union = np.zeros(k, dtype=np.int64)
    m = 2 ** depth
    for img, tgt, val in zip(*data):
        x = torch.from_numpy((img - mean[:, None, None]) / std[:, None, None])[None]
        h, w = x.shape[2:]
        ph, pw = -h % m, -w % m  # pad bottom/right so every pooling level divides evenly
        if ph or pw:
            x = F.pad(x, (0, pw, 0, ph), mode="reflect")
        pred = (model(x)[0, :, :h, :w] > 0).numpy()  # logit > 0 is sigmoid > 0.5
        gt = tgt > 0.5
        v = val > 0.5
        inter += ((pred & gt) & v).reshape(k, -1).sum(axis=1)
        union += ((pred | gt) & v).reshape(k, -1).sum(axis=1)
    model.train()
    return [float(i / u) if u > 0 else None for i, u in zip(inter, union)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True, help="plain-layout folder with images/ and masks/")
    ap.add_argument("--test", required=True, help="plain-layout folder with images/ and masks/")
    ap.add_argument("--max-images", type=int, default=5,
                    help="train on the first N images (sorted by stem)")
    ap.add_argument("--device", default=None,
                    help="train only on stems of this device (the part before the first '_')")
    ap.add_argument("--minutes", type=float, default=6.0, help="training time budget")
    ap.add_argument("--crop", type=int, default=192)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", type=int, default=None,
                    help="intra-op threads (default: the core count)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=16)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    a = ap.parse_args()
    if a.crop % 2 ** a.depth:
        ap.error(f"crop {a.crop} is not a multiple of 2^depth = {2 ** a.depth}")
    t_start = time.perf_counter()
    torch.set_num_threads(a.threads or os.cpu_count())
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)

    train_stems, *train, classes = open_dataset(a.train, a.device, a.max_images)
    test_stems, *test, test_classes = open_dataset(a.test)
    if test_classes != classes:
        raise SystemExit(f"train classes {classes} differ from test classes {test_classes}")
    k, in_ch = len(classes), train[0][0].shape[0]
    mean, std = channel_stats(train[0])

    model = UNet(in_ch, k, a.width, a.depth, "bilinear")
    model.train()
    opt = make_optimizer(model, a.lr)
    params = list(model.parameters())

    # The schedule needs a step count, the budget is in time: time a few steps at the peak lr,
    # then fit the cosine to the steps that remain. The first steps are slower (allocator and
    # oneDNN warm-up), so the estimate uses steps 2..5 only.
    budget = a.minutes * 60.0
    t0 = time.perf_counter()
    deadline = t0 + budget
    probe, total = 6, None
    step_ends = []
    step = 0
    while time.perf_counter() < deadline and (total is None or step < total):
        lr = a.lr if total is None else cosine_lr(a.lr, step, total)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, v = make_batch(rng, train, a.batch, a.crop, mean, std)
        loss = seg_loss(model(x), y, v)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        step += 1
        step_ends.append(time.perf_counter())
        if step == probe:
            per_step = (step_ends[-1] - step_ends[1]) / (probe - 2)
            total = probe + max(1, int((deadline - step_ends[-1]) / per_step))
    train_seconds = time.perf_counter() - t0
    final_loss = float(loss)

    t_eval = time.perf_counter()
    iou = evaluate(model, test, mean, std, a.depth, k)
    eval_seconds = time.perf_counter() - t_eval
    present = [x for x in iou if x is not None]
    print(json.dumps({
        "train_images": len(train_stems), "test_images": len(test_stems),
        "crop": a.crop, "batch": a.batch, "threads": torch.get_num_threads(),
        "steps": step, "planned_steps": total,
        "images_per_s": round(step * a.batch / train_seconds, 3),
        "final_loss": round(final_loss, 4),
        "iou": {c: (round(x, 4) if x is not None else None) for c, x in zip(classes, iou)},
        "miou": round(sum(present) / len(present), 4) if present else None,
        "train_seconds": round(train_seconds, 1), "eval_seconds": round(eval_seconds, 1),
        "seconds": round(time.perf_counter() - t_start, 1),
    }))


if __name__ == "__main__":
    main()
