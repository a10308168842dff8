// The HDF5 embedding store: one [L, D] dataset per chain at the file's root, keyed by the MD5 hex
// digest of the upper-case sequence, with attributes (sequence, identifier, provider, dimension,
// layer); float32 or float16 on disk, chunked along L and deflate-compressed. Readable with h5py.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

/// A file of per-residue embeddings. Values are Float32 in memory whatever the storage.
///
/// Layout (h5py view): `f[key]` is an [L, D] float dataset with attributes `sequence`,
/// `identifier`, `provider`, `dimension`, `layer`; root attributes `format` and `storage`, and the
/// provenance the embed stage writes last (`provider`, `dimension`, `configuration`, `input_hash`, …).
public final class EmbeddingStore {
    public static let formatName = "twinpeaks-embeddings/1"
    /// Default deflate level (0–9, after the byte-shuffle filter). Level 1 shrinks descriptors ~10×
    /// and language-model embeddings ~10%; higher levels cost much more time for little more.
    public static let defaultCompression = 1
    /// Target bytes per chunk; chunks span whole rows of L.
    public static let chunkBytes = 256 * 1024

    public let path: String
    /// How datasets written by this store are stored.
    public let storage: HDF5FloatStorage
    /// Deflate level of datasets written by this store (0: none).
    public let compression: Int
    let file: HDF5File

    /// Creates (truncating) a store at `path`.
    public init(creating path: String, storage: HDF5FloatStorage,
                compression: Int = EmbeddingStore.defaultCompression) throws {
        self.path = path
        self.storage = storage
        self.compression = min(max(compression, 0), 9)
        file = try HDF5File(creating: path)
        try file.setAttribute("format", Self.formatName)
        try file.setAttribute("storage", storage.rawValue)
    }

    /// Opens an existing store, read-only unless `writable`. The storage is read from the file
    /// (float32 when a file written by another tool does not say).
    public init(opening path: String, writable: Bool = false) throws {
        self.path = path
        compression = Self.defaultCompression
        file = try HDF5File(opening: path, writable: writable)
        storage = (try file.stringAttribute("storage")).flatMap(HDF5FloatStorage.init(rawValue:)) ?? .float32
    }

    /// Flushes buffered writes to disk.
    public func flush() { file.flush() }

    /// True when the store holds an embedding under `key`.
    public func contains(_ key: String) -> Bool { !key.isEmpty && !key.contains("/") && file.isDataset(key) }

    /// The keys of every embedding, in HDF5 name order.
    public func keys() throws -> [String] {
        try file.members(of: "/").filter { file.isDataset($0) }
    }

    /// Writes one chain's [length, dimension] matrix (row-major) and its attributes. A key that
    /// is already present, a key with `/`, or a matrix of the wrong size is an error.
    public func write(_ key: String, values: [Float], length: Int, attributes: EmbeddingAttributes) throws {
        guard !key.isEmpty, !key.contains("/"), key != "." else {
            throw InputError("\(path): key '\(key)'", "a key must be a non-empty name without '/'")
        }
        guard attributes.dimension > 0, values.count == length * attributes.dimension else {
            throw InputError("\(path): key \(key)",
                             "\(values.count) values do not make a [\(length), \(attributes.dimension)] matrix")
        }
        guard !file.exists(key) else { throw InputError("\(path): key \(key)", "already stored") }
        let bytesPerRow = attributes.dimension * (storage == .float16 ? 2 : 4)
        let chunkRows = max(1, min(length, Self.chunkBytes / bytesPerRow))
        try file.write(values, shape: [length, attributes.dimension], to: key, storage: storage,
                       chunkRows: chunkRows, compression: compression, shuffle: true)
        try file.setAttribute("sequence", attributes.sequence, on: key)
        try file.setAttribute("identifier", attributes.identifier, on: key)
        try file.setAttribute("provider", attributes.provider, on: key)
        try file.setAttribute("dimension", Double(attributes.dimension), on: key)
        try file.setAttribute("layer", Double(attributes.layer), on: key)
    }

    /// Reads one chain's matrix. A missing key is an `InputError` naming it.
    public func read(_ key: String) throws -> (length: Int, dimension: Int, values: [Float]) {
        guard contains(key) else { throw InputError("\(path): key \(key)", "no embedding stored under this key") }
        let (shape, values) = try file.readFloats(key)
        guard shape.count == 2 else {
            throw InputError("\(path): key \(key)", "expected an [L, D] matrix, found shape \(shape)")
        }
        return (shape[0], shape[1], values)
    }

    /// The shape [L, D] of one embedding, without reading it.
    public func shape(of key: String) throws -> (length: Int, dimension: Int) {
        guard contains(key) else { throw InputError("\(path): key \(key)", "no embedding stored under this key") }
        let shape = try file.shape(of: key)
        guard shape.count == 2 else {
            throw InputError("\(path): key \(key)", "expected an [L, D] matrix, found shape \(shape)")
        }
        return (shape[0], shape[1])
    }

    /// The attributes of one embedding. Missing attributes are an error naming the key.
    public func attributes(of key: String) throws -> EmbeddingAttributes {
        guard contains(key) else { throw InputError("\(path): key \(key)", "no embedding stored under this key") }
        func string(_ name: String) throws -> String {
            guard let value = try file.stringAttribute(name, of: key) else {
                throw InputError("\(path): key \(key)", "attribute '\(name)' is missing")
            }
            return value
        }
        func number(_ name: String) throws -> Int {
            guard let value = try file.numberAttribute(name, of: key) else {
                throw InputError("\(path): key \(key)", "attribute '\(name)' is missing")
            }
            // A damaged file can hold NaN or 1e300 here (found by `make fuzz`): Int(_:) would trap.
            guard value.magnitude <= 1e15, let integer = Int(exactly: value) else {
                throw InputError("\(path): key \(key)", "attribute '\(name)' is \(value); expected a whole number")
            }
            return integer
        }
        return EmbeddingAttributes(sequence: try string("sequence"), identifier: try string("identifier"),
                                   provider: try string("provider"), dimension: try number("dimension"),
                                   layer: try number("layer"))
    }

    /// Sets a root (file-level) string attribute, e.g. a provenance field.
    public func setMetadata(_ name: String, _ value: String) throws { try file.setAttribute(name, value) }

    /// A root string attribute, or nil when absent (numbers are returned as their decimal text).
    public func metadata(_ name: String) throws -> String? {
        if let text = try? file.stringAttribute(name) { return text }
        if let number = try? file.numberAttribute(name) {
            return number.magnitude <= 1e15 && number == number.rounded() ? String(Int(number)) : String(number)
        }
        return nil
    }
}
