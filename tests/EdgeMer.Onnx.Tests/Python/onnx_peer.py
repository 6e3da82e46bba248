"""The independent ONNX implementation EdgeMer's tests compare against: Debian's python3-onnx 1.12.

  onnx_peer.py check MODEL          onnx.checker (full_check) + shape inference; prints the inferred
                                    graph outputs and value infos as JSON
  onnx_peer.py write-sample PATH    writes a model that uses every feature EdgeMer reads
  onnx_peer.py schema               prints every message's fields (name -> number, type, label) as JSON
"""
import json
import sys

import numpy as np
from google.protobuf.descriptor import FieldDescriptor
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference


def dims_of(type_proto):
    if not type_proto.tensor_type.HasField("shape"):
        return None
    return [d.dim_param if d.HasField("dim_param") else (d.dim_value if d.HasField("dim_value") else "?")
            for d in type_proto.tensor_type.shape.dim]


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    values = {}
    for v in list(inferred.graph.value_info) + list(inferred.graph.output):
        values[v.name] = {"elem_type": v.type.tensor_type.elem_type, "shape": dims_of(v.type)}
    print(json.dumps({"ok": True, "values": values}, separators=(",", ":")))


def write_sample(path):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3, 4, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2, 4, 4])
    idx = helper.make_tensor_value_info("argmax", TensorProto.INT64, ["N", 1, 4, 4])
    weights = numpy_helper.from_array(np.arange(2 * 3 * 1 * 1, dtype=np.float32).reshape(2, 3, 1, 1) / 10, "w")
    # float_data instead of raw_data: EdgeMer must read both.
    bias = helper.make_tensor("b", TensorProto.FLOAT, [2], [0.5, -0.25])
    shape = numpy_helper.from_array(np.array([0, 2, 4, 4], dtype=np.int64), "shape")
    conv = helper.make_node("Conv", ["x", "w", "b"], ["conv_out"], name="conv",
                            kernel_shape=[1, 1], pads=[0, 0, 0, 0], strides=[1, 1], dilations=[1, 1])
    leaky = helper.make_node("LeakyRelu", ["conv_out"], ["leaky"], name="leaky", alpha=0.125)
    reshape = helper.make_node("Reshape", ["leaky", "shape"], ["y"], name="reshape")
    argmax = helper.make_node("ArgMax", ["y"], ["argmax"], name="argmax", axis=1, keepdims=1)
    constant = helper.make_node("Constant", [], ["unused_constant"], name="constant",
                                value=helper.make_tensor("c", TensorProto.INT32, [2], [7, -7]))
    graph = helper.make_graph([constant, conv, leaky, reshape, argmax], "python_sample", [x], [y, idx],
                              initializer=[weights, bias, shape])
    graph.value_info.append(helper.make_tensor_value_info("conv_out", TensorProto.FLOAT, ["N", 2, 4, 4]))
    model = helper.make_model(graph, producer_name="onnx-python", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, {"author": "EdgeMer tests", "labels": "a,b"})
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


def schema():
    out = {}
    type_names = {getattr(FieldDescriptor, n): n[len("TYPE_"):].lower()
                  for n in dir(FieldDescriptor) if n.startswith("TYPE_")}

    def walk(descriptor):
        out[descriptor.full_name] = {f.name: {"number": f.number, "type": type_names[f.type],
                                              "repeated": f.label == f.LABEL_REPEATED}
                                     for f in descriptor.fields}
        for nested in descriptor.nested_types:
            walk(nested)

    for message in onnx.onnx_ml_pb2.DESCRIPTOR.message_types_by_name.values():
        walk(message)
    print(json.dumps(out))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "check":
        check(sys.argv[2])
    elif command == "write-sample":
        write_sample(sys.argv[2])
    elif command == "schema":
        schema()
    else:
        sys.exit(f"unknown command {command}")
