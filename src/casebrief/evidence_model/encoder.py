"""Sentence embeddings from the shipped int8 ONNX all-MiniLM-L6-v2 (mean pooling, L2 norm).

Run time needs only ``onnxruntime`` and ``tokenizers``; one intra-op thread, because the brief
runs one case per core (the service's workers and the backfill parallelize across cases).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from casebrief.evidence_model.export import ENCODER_FILE, MAX_TOKENS, TOKENIZER_FILE

BATCH = 32


class SentenceEncoder:
    def __init__(self, model_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        # no busy-waiting thread left spinning between calls: it would steal the core the
        # spaCy pipeline runs on
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(model_dir / ENCODER_FILE), opts, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text (384 columns)."""
        out = []
        for i in range(0, len(texts), BATCH):
            batch = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts[i : i + BATCH]])
            ids = np.array([b.ids for b in batch], dtype=np.int64)
            mask = np.array([b.attention_mask for b in batch], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            m = mask[..., None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out.append(pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9))
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)
