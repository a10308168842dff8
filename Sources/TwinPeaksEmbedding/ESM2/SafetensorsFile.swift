// A reader of Hugging Face safetensors files, in Swift: an 8-byte little-endian header length
// N, N bytes of JSON (tensor name → {dtype, shape, data_offsets: [begin, end]}, plus an optional
// "__metadata__" of strings), then the raw little-endian tensor bytes, offsets counted from the
// end of the header. F32, F16 and BF16 tensors are read (as Float32). The file is memory-mapped,
// so a 2.6 GB checkpoint is not read into memory at once. Every problem names the file, the
// tensor and what was expected.

import Foundation
import TwinPeaksBio

public struct SafetensorsFile {
    /// Every safetensors dtype, so that a checkpoint's integer buffers (position ids) can be
    /// listed and skipped; only the three float types can be read.
    public enum DataType: String, Sendable {
        case float32 = "F32", float16 = "F16", bfloat16 = "BF16", float64 = "F64"
        case int64 = "I64", int32 = "I32", int16 = "I16", int8 = "I8", uint8 = "U8", bool = "BOOL"
        var byteWidth: Int {
            switch self {
            case .float64, .int64: return 8
            case .float32, .int32: return 4
            case .float16, .bfloat16, .int16: return 2
            case .int8, .uint8, .bool: return 1
            }
        }
        var isReadable: Bool { [.float32, .float16, .bfloat16].contains(self) }
    }

    public struct Entry: Equatable, Sendable {
        public let name: String
        public let dataType: DataType
        public let shape: [Int]
        /// Byte range within the data section.
        public let begin: Int, end: Int
    }

    public let path: String
    /// Tensors in the order of their data offsets.
    public let entries: [Entry]
    /// The header's "__metadata__" strings.
    public let metadata: [String: String]
    private let data: Data
    private let dataStart: Int
    private let byName: [String: Int]

    public init(path: String) throws {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw InputError(path, "cannot read the file: \(error.localizedDescription)")
        }
        self.data = data
        guard data.count >= 8 else {
            throw InputError(path, "\(data.count) bytes: too short for a safetensors file (an 8-byte header length, then a JSON header)")
        }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength >= 2, headerLength <= UInt64(data.count - 8) else {
            throw InputError(path, "header length \(headerLength) bytes, but the file has \(data.count - 8) bytes after it: "
                             + "truncated, or not a safetensors file")
        }
        dataStart = 8 + Int(headerLength)
        let header = data.subdata(in: 8..<dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: header), let fields = object as? [String: Any] else {
            throw InputError(path, "the \(headerLength)-byte header is not a JSON object: not a safetensors file")
        }
        let dataSize = data.count - dataStart
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (name, value) in fields {
            if name == "__metadata__" {
                for (key, item) in (value as? [String: Any]) ?? [:] { metadata[key] = item as? String ?? "\(item)" }
                continue
            }
            entries.append(try Self.entry(name, value, dataSize: dataSize, path: path))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        // Tensors must not overlap (safetensors writers pack them without gaps).
        for (previous, next) in zip(entries, entries.dropFirst()) where next.begin < previous.end {
            throw InputError("\(path): tensor \(next.name)", "bytes \(next.begin)..<\(next.end) overlap tensor \(previous.name) "
                             + "(\(previous.begin)..<\(previous.end)): inconsistent header")
        }
        self.entries = entries
        self.metadata = metadata
        byName = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.name, $0.offset) })
    }

    private static func entry(_ name: String, _ value: Any, dataSize: Int, path: String) throws -> Entry {
        let place = "\(path): tensor \(name)"
        guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
              let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int], offsets.count == 2 else {
            throw InputError(place, "header entry lacks dtype, shape or data_offsets [begin, end]")
        }
        guard let dataType = DataType(rawValue: dtype) else {
            throw InputError(place, "dtype \(dtype) is not a safetensors dtype (F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw InputError(place, "shape \(shape) has a negative size") }
        let (begin, end) = (offsets[0], offsets[1])
        let expected = shape.reduce(1, *) * dataType.byteWidth
        guard begin >= 0, end >= begin, end - begin == expected else {
            throw InputError(place, "data_offsets [\(begin), \(end)] hold \(end - begin) bytes, but \(dtype) \(shape) needs \(expected)")
        }
        guard end <= dataSize else {
            throw InputError(place, "data ends at byte \(end) of the data section, but the file has only \(dataSize) bytes "
                             + "after the header: truncated")
        }
        return Entry(name: name, dataType: dataType, shape: shape, begin: begin, end: end)
    }

    public func entry(named name: String) -> Entry? { byName[name].map { entries[$0] } }

    /// A tensor's values as Float32, row-major.
    public func floats(_ name: String) throws -> (shape: [Int], values: [Float]) {
        guard let entry = entry(named: name) else { throw InputError(path, "no tensor named \(name)") }
        guard entry.dataType.isReadable else {
            throw InputError("\(path): tensor \(name)", "dtype \(entry.dataType.rawValue); expected F32, F16 or BF16")
        }
        let count = entry.shape.reduce(1, *)
        let values = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Float] in
            let bytes = raw.baseAddress! + dataStart + entry.begin
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                switch entry.dataType {
                case .float32:
                    for i in 0..<count { out[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                case .bfloat16:
                    // bfloat16 is the top half of a float32.
                    for i in 0..<count {
                        let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                        out[i] = Float(bitPattern: UInt32(bits) << 16)
                    }
                default:
                    for i in 0..<count {
                        out[i] = Self.float(half: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                    }
                }
                initialized = count
            }
        }
        return (entry.shape, values)
    }

    /// IEEE binary16 → Float32 by bits (Float16 is not available on every platform Swift runs on).
    static func float(half bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa · 2^−24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 31:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))  // infinity or NaN
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
