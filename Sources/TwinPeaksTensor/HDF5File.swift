// A small, safe wrapper over the HDF5 C API: groups, Float32/Float16/Int64 datasets, and
// string/number attributes. Checkpoints and the embedding store are built on it. Every failure
// is an HDF5Error that names the file and the object, never a crash.
import CHDF5
import Foundation

public struct HDF5Error: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let object: String
    public let problem: String
    public var description: String { "\(file): \(object.isEmpty ? "" : "\(object): ")\(problem)" }
    public init(file: String, object: String, problem: String) {
        self.file = file
        self.object = object
        self.problem = problem
    }
}

/// How floating-point datasets are stored on disk. Values are always Float32 in memory.
public enum HDF5FloatStorage: String, Sendable {
    case float32, float16
}

public final class HDF5File {
    public let path: String
    private let id: hid_t

    private static let initialised: Bool = {
        _ = tp_h5_init()
        // Silence the library's own stack printing: errors are reported through HDF5Error.
        H5Eset_auto2(0, nil, nil)
        return true
    }()

    /// Creates (truncating) a file for writing.
    public init(creating path: String) throws {
        _ = Self.initialised
        self.path = path
        // 0x0002 = H5F_ACC_TRUNC, 0x0001 = H5F_ACC_RDWR, 0 = H5F_ACC_RDONLY (macros Swift cannot import).
        // No object timestamps (the root group's here, every other object's in untimed(_:)): two
        // runs with the same input then write byte-identical files.
        let fcpl = Self.untimed(H5Pcreate(tp_h5p_file_create()))
        defer { H5Pclose(fcpl) }
        let fid = H5Fcreate(path, 0x0002, fcpl, tp_h5p_default())
        guard fid >= 0 else { throw HDF5Error(file: path, object: "", problem: "cannot create HDF5 file") }
        id = fid
    }

    /// Opens an existing file, read-only unless `writable`.
    public init(opening path: String, writable: Bool = false) throws {
        _ = Self.initialised
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw HDF5Error(file: path, object: "", problem: "no such file")
        }
        try HDF5Guard.require([path])
        let fid = H5Fopen(path, writable ? 0x0001 : 0x0000, tp_h5p_default())
        guard fid >= 0 else { throw HDF5Error(file: path, object: "", problem: "not a readable HDF5 file") }
        id = fid
    }

    deinit { H5Fclose(id) }

    /// Flushes buffered writes to disk (the file stays open).
    public func flush() { H5Fflush(id, H5F_SCOPE_GLOBAL) }

    private func error(_ object: String, _ problem: String) -> HDF5Error {
        HDF5Error(file: path, object: object, problem: problem)
    }

    // MARK: Structure

    /// True when every link along `name` (e.g. "encoder/0/weight") exists.
    public func exists(_ name: String) -> Bool {
        var prefix = ""
        for part in name.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + part
            if H5Lexists(id, prefix, tp_h5p_default()) <= 0 { return false }
        }
        return true
    }

    /// Creates a group and any missing parents, one at a time: HDF5's own intermediate groups
    /// would get the default creation properties, timestamps included.
    public func createGroup(_ name: String) throws {
        if name.isEmpty || name == "/" || exists(name) { return }
        if let slash = name.lastIndex(of: "/"), slash != name.startIndex { try createGroup(String(name[..<slash])) }
        let gcpl = Self.untimed(H5Pcreate(tp_h5p_group_create()))
        defer { H5Pclose(gcpl) }
        let gid = H5Gcreate2(id, name, tp_h5p_default(), gcpl, tp_h5p_default())
        guard gid >= 0 else { throw error(name, "cannot create group") }
        H5Gclose(gid)
    }

    /// `properties` (an object-creation list) set to store no creation or modification times.
    static func untimed(_ properties: hid_t) -> hid_t {
        H5Pset_obj_track_times(properties, false)
        return properties
    }

    /// Names of the members of a group ("/" for the root), in HDF5's name order.
    public func members(of group: String = "/") throws -> [String] {
        let gid = H5Gopen2(id, group, tp_h5p_default())
        guard gid >= 0 else { throw error(group, "no such group") }
        defer { H5Gclose(gid) }
        var info = H5G_info_t()
        guard H5Gget_info(gid, &info) >= 0 else { throw error(group, "cannot list group") }
        var names: [String] = []
        names.reserveCapacity(Int(info.nlinks))
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, tp_h5p_default())
            guard length >= 0 else { throw error(group, "cannot read member \(index)") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            H5Lget_name_by_idx(gid, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, Int(length) + 1, tp_h5p_default())
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// True when `name` is a dataset (false for groups and missing names).
    public func isDataset(_ name: String) -> Bool {
        guard exists(name) else { return false }
        var info = H5O_info_t()
        guard H5Oget_info_by_name1(id, name, &info, tp_h5p_default()) >= 0 else { return false }
        return info.type == H5O_TYPE_DATASET
    }

    // MARK: Datasets

    /// Creates dataset `name` (and any missing parent groups) of `shape` and file `type`; the caller
    /// closes the returned id. `count` values must fill the shape, and the name must be new
    /// (datasets are written once).
    private func createDataset(_ name: String, shape: [Int], count: Int, type: hid_t, creation: hid_t) throws -> hid_t {
        guard shape.reduce(1, *) == count else {
            throw error(name, "shape \(shape) holds \(shape.reduce(1, *)) values but \(count) were given")
        }
        if exists(name) { throw error(name, "dataset already exists") }
        if let slash = name.lastIndex(of: "/"), slash != name.startIndex { try createGroup(String(name[..<slash])) }
        var dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), &dims, nil)
        defer { H5Sclose(space) }
        let dcpl = Self.untimed(creation == tp_h5p_default() ? H5Pcreate(tp_h5p_dataset_create()) : H5Pcopy(creation))
        defer { H5Pclose(dcpl) }
        let did = H5Dcreate2(id, name, type, space, tp_h5p_default(), dcpl, tp_h5p_default())
        guard did >= 0 else { throw error(name, "cannot create dataset") }
        return did
    }

    /// Runs `body` with dataset `name` open; a missing dataset is an error naming it.
    private func withDataset<T>(_ name: String, _ body: (hid_t) throws -> T) throws -> T {
        guard isDataset(name) else { throw error(name, "no such dataset") }
        let did = H5Dopen2(id, name, tp_h5p_default())
        guard did >= 0 else { throw error(name, "cannot open dataset") }
        defer { H5Dclose(did) }
        return try body(did)
    }

    /// Writes a Float32 array of the given shape. Parent groups are created; an existing dataset
    /// of that name is an error (datasets are written once). `chunkRows > 0` chunks along the
    /// first dimension and compresses with deflate at `compression` (0–9), after the byte-shuffle
    /// filter when `shuffle` (it groups the bytes of each value, which helps deflate on floats).
    public func write(_ values: [Float], shape: [Int], to name: String,
                      storage: HDF5FloatStorage = .float32,
                      chunkRows: Int = 0, compression: Int = 0, shuffle: Bool = false) throws {
        let dcpl = H5Pcreate(tp_h5p_dataset_create())
        defer { H5Pclose(dcpl) }
        if chunkRows > 0, !shape.isEmpty, values.count > 0 {
            var chunk = shape.map { hsize_t($0) }
            chunk[0] = hsize_t(min(chunkRows, max(shape[0], 1)))
            H5Pset_chunk(dcpl, Int32(chunk.count), &chunk)
            if compression > 0 {
                if shuffle { H5Pset_shuffle(dcpl) }
                H5Pset_deflate(dcpl, UInt32(compression))
            }
        }
        let fileType = storage == .float16 ? tp_h5t_ieee_f16le() : H5Tcopy(tp_h5t_ieee_f32le())
        defer { H5Tclose(fileType) }
        let did = try createDataset(name, shape: shape, count: values.count, type: fileType, creation: dcpl)
        defer { H5Dclose(did) }
        let status: herr_t
        if storage == .float16, let halves = Self.halves(values) {
            // Converted here: HDF5's own float→half conversion is a slow generic routine (~15× slower).
            status = halves.withUnsafeBufferPointer {
                H5Dwrite(did, fileType, tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
            }
        } else {
            status = values.withUnsafeBufferPointer {
                H5Dwrite(did, tp_h5t_native_float(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
            }
        }
        guard status >= 0 else { throw error(name, "cannot write dataset") }
    }

    /// IEEE half-precision bit patterns of `values` (round to nearest even), or nil where Swift has
    /// no Float16 (Intel macOS), in which case HDF5 converts.
    static func halves(_ values: [Float]) -> [UInt16]? {
        #if arch(x86_64) && os(macOS)
        return nil
        #else
        return values.map { Float16($0).bitPattern }
        #endif
    }

    /// Float32 values of IEEE half-precision bit patterns, or nil where Swift has no Float16.
    static func floats(halves: [UInt16]) -> [Float]? {
        #if arch(x86_64) && os(macOS)
        return nil
        #else
        return halves.map { Float(Float16(bitPattern: $0)) }
        #endif
    }

    /// Writes an Int64 array of the given shape (indices, counts).
    public func write(_ values: [Int64], shape: [Int], to name: String) throws {
        let did = try createDataset(name, shape: shape, count: values.count, type: tp_h5t_native_int64(),
                                    creation: tp_h5p_default())
        defer { H5Dclose(did) }
        let status = values.withUnsafeBufferPointer {
            H5Dwrite(did, tp_h5t_native_int64(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw error(name, "cannot write dataset") }
    }

    /// The shape of a dataset.
    public func shape(of name: String) throws -> [Int] {
        try withDataset(name) { try shape(ofOpen: $0, name) }
    }

    private func shape(ofOpen did: hid_t, _ name: String) throws -> [Int] {
        let space = H5Dget_space(did)
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw error(name, "cannot read dataspace") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        H5Sget_simple_extent_dims(space, &dims, nil)
        return try dims.map { d in
            guard let size = Int(exactly: d) else { throw error(name, "declares a dimension of \(d); expected at most \(Int.max)") }
            return size
        }
    }

    /// Most values one dataset may hold when read whole (2³¹: 8 GiB as Float32). A file that
    /// declares more is refused before anything is allocated.
    public static let maximumValues = 1 << 31

    /// Deflate cannot shrink data by more than about 1032:1, so stored bytes × this bound what a
    /// dataset can really hold; a few-KB file declaring terabytes is refused.
    static let largestCompressionRatio = 1100

    /// The number of values of an open dataset of `shape`, checked before allocation: the product
    /// cannot overflow, stays under `maximumValues`, and fits the bytes the file stores for it.
    private func checkedValueCount(ofOpen did: hid_t, shape: [Int], bytesPerValue: Int, _ name: String) throws -> Int {
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= Self.maximumValues else {
                throw error(name, "declares shape \(shape), more than the \(Self.maximumValues) values one dataset may hold")
            }
            count = product
        }
        let bytes = count * max(bytesPerValue, 1)  // ≤ 2³¹ × 8: cannot overflow
        // Small datasets are cheap whatever they claim; larger ones must be backed by stored bytes.
        if bytes > 1 << 20 {
            let stored = Int(clamping: H5Dget_storage_size(did))
            guard stored > 0, bytes / Self.largestCompressionRatio <= stored else {
                throw error(name, "declares shape \(shape) (\(bytes) bytes) but the file stores only \(stored) bytes for it; "
                            + "expected a complete dataset (truncated or hand-made file?)")
            }
        }
        return count
    }

    /// Reads a floating-point dataset (stored as float16, float32 or float64) as Float32.
    public func readFloats(_ name: String) throws -> (shape: [Int], values: [Float]) {
        try withDataset(name) { did in
            let type = H5Dget_type(did)
            defer { H5Tclose(type) }
            guard H5Tget_class(type) == H5T_FLOAT else { throw error(name, "expected a floating-point dataset") }
            let shape = try shape(ofOpen: did, name)
            let count = try checkedValueCount(ofOpen: did, shape: shape, bytesPerValue: H5Tget_size(type), name)
            var values = [Float](repeating: 0, count: count)
            if values.isEmpty { return (shape, values) }
            if H5Tget_size(type) == 2 {
                // Half precision (h5py's float16): read the bits in IEEE half layout (HDF5 converts only
                // if the file's layout differs) and widen here, much faster than HDF5's conversion.
                let half = tp_h5t_ieee_f16le()
                defer { H5Tclose(half) }
                var bits = [UInt16](repeating: 0, count: values.count)
                let status = bits.withUnsafeMutableBufferPointer {
                    H5Dread(did, half, tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
                }
                guard status >= 0 else { throw error(name, "cannot read dataset") }
                if let widened = Self.floats(halves: bits) { return (shape, widened) }
            }
            let status = values.withUnsafeMutableBufferPointer {
                H5Dread(did, tp_h5t_native_float(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw error(name, "cannot read dataset") }
            return (shape, values)
        }
    }

    /// Reads an integer dataset as Int64.
    public func readInt64s(_ name: String) throws -> (shape: [Int], values: [Int64]) {
        try withDataset(name) { did in
            let shape = try shape(ofOpen: did, name)
            let type = H5Dget_type(did)
            defer { H5Tclose(type) }
            let count = try checkedValueCount(ofOpen: did, shape: shape, bytesPerValue: H5Tget_size(type), name)
            var values = [Int64](repeating: 0, count: count)
            if values.isEmpty { return (shape, values) }
            let status = values.withUnsafeMutableBufferPointer {
                H5Dread(did, tp_h5t_native_int64(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw error(name, "cannot read dataset") }
            return (shape, values)
        }
    }

    /// The on-disk storage of a float dataset: its size in bytes per value (2, 4 or 8).
    public func floatByteWidth(of name: String) throws -> Int {
        try withDataset(name) { did in
            let type = H5Dget_type(did)
            defer { H5Tclose(type) }
            return H5Tget_size(type)
        }
    }

    // MARK: Attributes

    private func withObject<T>(_ name: String, _ body: (hid_t) throws -> T) throws -> T {
        let target = name.isEmpty ? "/" : name
        guard target == "/" || exists(target) else { throw error(target, "no such object") }
        let oid = H5Oopen(id, target, tp_h5p_default())
        guard oid >= 0 else { throw error(target, "cannot open object") }
        defer { H5Oclose(oid) }
        return try body(oid)
    }

    /// Sets a string attribute on an object ("/" for the file), replacing any earlier value.
    public func setAttribute(_ attribute: String, _ value: String, on name: String = "/") throws {
        try withObject(name) { oid in
            if H5Aexists(oid, attribute) > 0 { H5Adelete(oid, attribute) }
            let bytes = Array(value.utf8)
            let type = H5Tcopy(tp_h5t_c_s1())
            defer { H5Tclose(type) }
            H5Tset_size(type, max(bytes.count, 1))
            H5Tset_cset(type, H5T_CSET_UTF8)
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let aid = H5Acreate2(oid, attribute, type, space, tp_h5p_default(), tp_h5p_default())
            guard aid >= 0 else { throw error(name, "cannot create attribute \(attribute)") }
            defer { H5Aclose(aid) }
            let padded = bytes.isEmpty ? [UInt8(0)] : bytes
            guard H5Awrite(aid, type, padded) >= 0 else { throw error(name, "cannot write attribute \(attribute)") }
        }
    }

    /// Sets a numeric attribute (stored as float64; integers up to 2^53 round-trip exactly).
    public func setAttribute(_ attribute: String, _ value: Double, on name: String = "/") throws {
        try withObject(name) { oid in
            if H5Aexists(oid, attribute) > 0 { H5Adelete(oid, attribute) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let aid = H5Acreate2(oid, attribute, tp_h5t_native_double(), space, tp_h5p_default(), tp_h5p_default())
            guard aid >= 0 else { throw error(name, "cannot create attribute \(attribute)") }
            defer { H5Aclose(aid) }
            var copy = value
            guard H5Awrite(aid, tp_h5t_native_double(), &copy) >= 0 else {
                throw error(name, "cannot write attribute \(attribute)")
            }
        }
    }

    /// Names of the attributes of an object ("/" for the file), in name order.
    public func attributeNames(of name: String = "/") throws -> [String] {
        let target = name.isEmpty ? "/" : name
        guard target == "/" || exists(target) else { throw error(target, "no such object") }
        var info = H5O_info_t()
        guard H5Oget_info_by_name1(id, target, &info, tp_h5p_default()) >= 0 else {
            throw error(target, "cannot read object info")
        }
        var names: [String] = []
        for index in 0..<info.num_attrs {
            let length = H5Aget_name_by_idx(id, target, H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, tp_h5p_default())
            guard length >= 0 else { throw error(target, "cannot read attribute \(index)") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            H5Aget_name_by_idx(id, target, H5_INDEX_NAME, H5_ITER_INC, index, &buffer, Int(length) + 1, tp_h5p_default())
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Reads a string attribute (fixed-length or variable-length, as h5py writes), or nil when absent.
    public func stringAttribute(_ attribute: String, of name: String = "/") throws -> String? {
        try withObject(name) { oid in
            guard H5Aexists(oid, attribute) > 0 else { return nil }
            let aid = H5Aopen(oid, attribute, tp_h5p_default())
            defer { H5Aclose(aid) }
            let type = H5Aget_type(aid)
            defer { H5Tclose(type) }
            guard H5Tget_class(type) == H5T_STRING else {
                throw error(name, "attribute \(attribute) is not a string")
            }
            if H5Tis_variable_str(type) > 0 {
                let memType = H5Tcopy(tp_h5t_c_s1())
                defer { H5Tclose(memType) }
                H5Tset_size(memType, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
                H5Tset_cset(memType, H5Tget_cset(type))
                var pointer: UnsafeMutablePointer<CChar>? = nil
                guard H5Aread(aid, memType, &pointer) >= 0 else {
                    throw error(name, "cannot read attribute \(attribute)")
                }
                defer { free(pointer) }
                return pointer.map { String(cString: $0) } ?? ""
            }
            let size = H5Tget_size(type)
            var buffer = [UInt8](repeating: 0, count: size + 1)
            guard H5Aread(aid, type, &buffer) >= 0 else { throw error(name, "cannot read attribute \(attribute)") }
            let end = buffer.firstIndex(of: 0) ?? size
            return String(decoding: buffer[..<end], as: UTF8.self)
        }
    }

    /// Reads a numeric attribute as Double, or nil when absent.
    public func numberAttribute(_ attribute: String, of name: String = "/") throws -> Double? {
        try withObject(name) { oid in
            guard H5Aexists(oid, attribute) > 0 else { return nil }
            let aid = H5Aopen(oid, attribute, tp_h5p_default())
            defer { H5Aclose(aid) }
            let type = H5Aget_type(aid)
            defer { H5Tclose(type) }
            let typeClass = H5Tget_class(type)
            guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
                throw error(name, "attribute \(attribute) is not a number")
            }
            var value = 0.0
            guard H5Aread(aid, tp_h5t_native_double(), &value) >= 0 else {
                throw error(name, "cannot read attribute \(attribute)")
            }
            return value
        }
    }
}
