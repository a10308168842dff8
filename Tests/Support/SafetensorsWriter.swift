// A safetensors writer for the tests, written from the format's description (8-byte
// little-endian header length, JSON header, raw little-endian data), independent of the reader.
// Shared by the embedding tests and the command-line tests (convert-esm2 on made-up checkpoints).
import Foundation
import TwinPeaksEmbedding

public struct SafetensorsTestTensor {
    public var name: String
    public var dtype: String
    public var shape: [Int]
    public var bytes: [UInt8]

    public init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    public static func float32(_ name: String, shape: [Int], _ values: [Float]) -> SafetensorsTestTensor {
        SafetensorsTestTensor(name: name, dtype: "F32", shape: shape,
                              bytes: values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } })
    }

    /// 16-bit values given as raw bit patterns (F16 or BF16).
    public static func bits16(_ name: String, dtype: String, shape: [Int], _ bits: [UInt16]) -> SafetensorsTestTensor {
        SafetensorsTestTensor(name: name, dtype: dtype, shape: shape,
                              bytes: bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    }
}

/// The bytes of a safetensors file holding `tensors` in order (offsets packed without gaps).
public func safetensorsBytes(_ tensors: [SafetensorsTestTensor], metadata: [String: String] = ["format": "pt"]) -> [UInt8] {
    var entries: [String] = []
    var offset = 0
    for tensor in tensors {
        entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
                       + "\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
        offset += tensor.bytes.count
    }
    let meta = metadata.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
    var header = Array(("{\"__metadata__\":{\(meta)}" + (entries.isEmpty ? "" : ",") + entries.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }  // writers pad the header with spaces
    let length = UInt64(header.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + header + tensors.flatMap(\.bytes)
}

public func writeSafetensors(_ tensors: [SafetensorsTestTensor], to path: String) throws {
    try Data(safetensorsBytes(tensors)).write(to: URL(fileURLWithPath: path))
}

/// Every tensor of `model` as F32 under its Hugging Face name.
public func safetensorsTensors(of model: TwinPeaksEmbedding.ESM2Model) -> [SafetensorsTestTensor] {
    model.parameters.parameters.map { .float32($0.name, shape: $0.shape, model.parameters.value($0).values) }
}
