"""Turn an ONNX Runtime ``.ort`` model back into a plain ``.onnx`` model, so ONNX Runtime can optimise it.

Why: Moonshine's published ``.ort`` files store int8 weights and dequantise
them with Cast/Mul/Transpose nodes that an ``.ort`` file keeps as they are (it
is loaded "pre-optimised"), so every decoder step re-expands the 32,768 × 416
token embedding and every projection: measured 0.25 s a step on this machine.
The same graph loaded as ``.onnx`` is constant-folded once at load, and a step
takes ~0.02–0.03 s (about ten times faster); the words decoded are the same.

The ``.ort`` format is a FlatBuffer whose schema ships inside the onnxruntime
wheel (``onnxruntime.tools.ort_format_model``); this walks it and rebuilds the
graph (nodes, attributes, sub-graphs of ``If`` nodes, initialisers, typed
inputs and outputs) with the ``onnx`` package. Only what Moonshine's models use
is supported; anything else is refused with a clear error rather than guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class OrtFormatError(ValueError):
    """A file that is not an .ort model this converter understands."""


def convert(source: Path, target: Path) -> Path:
    """Write ``source`` (.ort) as ``target`` (.onnx), atomically; returns ``target``."""
    import onnx
    from onnx import helper
    from onnxruntime.tools.ort_format_model.ort_flatbuffers_py.fbs import InferenceSession

    data = source.read_bytes()
    if len(data) < 8 or data[4:8] != b"ORTM":
        raise OrtFormatError(f"{source}: not an ONNX Runtime (.ort) model file")
    try:
        model = InferenceSession.InferenceSession.GetRootAs(data, 0).Model()
        graph = _graph(model.Graph(), "main")
        opsets = [helper.make_opsetid(_s(model.OpsetImport(i).Domain()), model.OpsetImport(i).Version()) for i in range(model.OpsetImportLength())]
    except OrtFormatError:
        raise
    except Exception as exc:  # a damaged FlatBuffer raises anything from IndexError to struct.error
        raise OrtFormatError(f"{source}: cannot read the .ort model ({type(exc).__name__}: {exc}); the file is damaged") from None
    proto = helper.make_model(graph, opset_imports=opsets)
    proto.ir_version = model.IrVersion()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{id(proto):x}.tmp")
    onnx.save(proto, str(tmp))
    tmp.replace(target)
    return target


def _s(value: bytes | None) -> str:
    return (value or b"").decode("utf-8")


def _tensor(t: Any) -> Any:
    from onnx import TensorProto

    proto = TensorProto()
    proto.name = _s(t.Name())
    proto.data_type = t.DataType()
    proto.dims.extend(t.Dims(i) for i in range(t.DimsLength()))
    if t.DataType() == TensorProto.STRING:
        proto.string_data.extend(t.StringData(i) for i in range(t.StringDataLength()))
    elif t.RawDataLength():
        proto.raw_data = t.RawDataAsNumpy().tobytes()
    elif t.ExternalDataOffset() > 0:
        raise OrtFormatError(f"tensor {proto.name} keeps its data outside the model file: not supported")
    return proto


def _attribute(a: Any) -> Any:
    from onnx import AttributeProto, helper

    name, kind = _s(a.Name()), a.Type()
    if kind == AttributeProto.FLOAT:
        return helper.make_attribute(name, a.F())
    if kind == AttributeProto.INT:
        return helper.make_attribute(name, a.I())
    if kind == AttributeProto.STRING:
        return helper.make_attribute(name, a.S())
    if kind == AttributeProto.TENSOR:
        return helper.make_attribute(name, _tensor(a.T()))
    if kind == AttributeProto.GRAPH:
        return helper.make_attribute(name, _graph(a.G(), name))
    if kind == AttributeProto.FLOATS:
        return helper.make_attribute(name, [a.Floats(i) for i in range(a.FloatsLength())], attr_type=AttributeProto.FLOATS)
    if kind == AttributeProto.INTS:
        return helper.make_attribute(name, [a.Ints(i) for i in range(a.IntsLength())], attr_type=AttributeProto.INTS)
    if kind == AttributeProto.STRINGS:
        return helper.make_attribute(name, [a.Strings(i) for i in range(a.StringsLength())], attr_type=AttributeProto.STRINGS)
    raise OrtFormatError(f"attribute {name} has a type ({kind}) this converter does not handle")


def _value_info(v: Any) -> Any:
    from onnx import TypeProto, helper
    from onnxruntime.tools.ort_format_model.ort_flatbuffers_py.fbs import TensorTypeAndShape

    name, kind = _s(v.Name()), v.Type()
    if kind is None or kind.ValueType() != 1:  # not a tensor: leave the type for ONNX Runtime to infer
        return helper.make_value_info(name, TypeProto())
    table = kind.Value()
    tensor_type = TensorTypeAndShape.TensorTypeAndShape()
    tensor_type.Init(table.Bytes, table.Pos)
    shape: list[int | str | None] | None = None
    if tensor_type.Shape() is not None:
        dims = tensor_type.Shape()
        shape = []
        for i in range(dims.DimLength()):
            value = dims.Dim(i).Value()
            if value is None:
                shape.append(None)
            elif value.DimType() == 1:
                shape.append(value.DimValue())
            else:
                shape.append(_s(value.DimParam()) or None)
    return helper.make_tensor_value_info(name, tensor_type.ElemType(), shape)


def _graph(g: Any, name: str) -> Any:
    from onnx import helper

    if g.SparseInitializersLength():
        raise OrtFormatError("sparse initialisers are not supported")
    nodes = []
    for i in range(g.NodesLength()):
        n = g.Nodes(i)
        node = helper.make_node(_s(n.OpType()), [_s(n.Inputs(j)) for j in range(n.InputsLength())],
                                [_s(n.Outputs(j)) for j in range(n.OutputsLength())], name=_s(n.Name()), domain=_s(n.Domain()))
        node.attribute.extend(_attribute(n.Attributes(j)) for j in range(n.AttributesLength()))
        nodes.append(node)
    args = {_s(g.NodeArgs(i).Name()): g.NodeArgs(i) for i in range(g.NodeArgsLength())}
    initializers = [_tensor(g.Initializers(i)) for i in range(g.InitializersLength())]
    constant = {t.name for t in initializers}
    inputs = [_value_info(args[_s(g.Inputs(i))]) for i in range(g.InputsLength()) if _s(g.Inputs(i)) not in constant]
    outputs = [_value_info(args[_s(g.Outputs(i))]) for i in range(g.OutputsLength())]
    return helper.make_graph(nodes, name, inputs, outputs, initializers)
