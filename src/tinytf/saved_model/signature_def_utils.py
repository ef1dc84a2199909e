"""SignatureDefs: the named inputs and outputs a served model offers."""

from __future__ import annotations

from tinytf.framework.protobuf.meta_graph_pb import SignatureDef
from tinytf.saved_model.signature_constants import PREDICT_METHOD_NAME
from tinytf.saved_model.utils import build_tensor_info


def build_signature_def(inputs=None, outputs=None, method_name=None) -> SignatureDef:
    signature = SignatureDef(method_name=method_name or "")
    for key, info in (inputs or {}).items():
        signature.inputs[key].CopyFrom(info)
    for key, info in (outputs or {}).items():
        signature.outputs[key].CopyFrom(info)
    return signature


def predict_signature_def(inputs, outputs) -> SignatureDef:
    """A Predict signature of `inputs` and `outputs` (dicts of name -> tensor)."""
    if inputs is None or not inputs:
        raise ValueError("Prediction inputs cannot be None or empty.")
    if outputs is None or not outputs:
        raise ValueError("Prediction outputs cannot be None or empty.")
    return build_signature_def(
        {key: build_tensor_info(tensor) for key, tensor in inputs.items()},
        {key: build_tensor_info(tensor) for key, tensor in outputs.items()},
        PREDICT_METHOD_NAME,
    )
