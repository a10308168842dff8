// Writes HDF5 files the way h5py and other exporters do, straight through the HDF5 C API (not
// through TwinPeaks' wrapper or store), so import tests read files the store never wrote.
import CHDF5
import Foundation

/// A file written with raw HDF5 calls: contiguous datasets (h5py's default) in float32, float16 or
/// float64, and variable-length UTF-8 string attributes (what h5py writes for a Python `str`).
final class RawHDF5Writer {
    enum FloatType { case float32, float16, float64 }

    private let file: hid_t

    init(_ path: String) {
        _ = tp_h5_init()
        H5Eset_auto2(0, nil, nil)
        file = H5Fcreate(path, 0x0002, tp_h5p_default(), tp_h5p_default())
        precondition(file >= 0, "cannot create \(path)")
    }

    deinit { H5Fclose(file) }

    /// A float dataset of the given shape; parent groups are created (h5py does the same for `a/b`).
    func floats(_ name: String, shape: [Int], _ values: [Float], as type: FloatType = .float32) {
        precondition(shape.reduce(1, *) == values.count)
        var dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), &dims, nil)
        defer { H5Sclose(space) }
        let fileType: hid_t
        switch type {
        case .float32: fileType = H5Tcopy(tp_h5t_ieee_f32le())
        case .float16: fileType = tp_h5t_ieee_f16le()
        case .float64: fileType = H5Tcopy(tp_h5t_native_double())
        }
        defer { H5Tclose(fileType) }
        let lcpl = H5Pcreate(tp_h5p_link_create())
        defer { H5Pclose(lcpl) }
        H5Pset_create_intermediate_group(lcpl, 1)
        let dataset = H5Dcreate2(file, name, fileType, space, lcpl, tp_h5p_default(), tp_h5p_default())
        precondition(dataset >= 0, "cannot create \(name)")
        defer { H5Dclose(dataset) }
        if !values.isEmpty {
            let status = values.withUnsafeBufferPointer {
                H5Dwrite(dataset, tp_h5t_native_float(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
            }
            precondition(status >= 0)
        }
    }

    /// An Int32 dataset (for the "not a float matrix" error).
    func integers(_ name: String, shape: [Int], _ values: [Int32]) {
        var dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), &dims, nil)
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(file, name, tp_h5t_native_int32(), space, tp_h5p_default(), tp_h5p_default(), tp_h5p_default())
        defer { H5Dclose(dataset) }
        _ = values.withUnsafeBufferPointer {
            H5Dwrite(dataset, tp_h5t_native_int32(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
        }
    }

    /// A variable-length UTF-8 string attribute on an object, as h5py writes `attrs[name] = "text"`.
    func stringAttribute(_ attribute: String, _ value: String, on object: String) {
        let target = H5Oopen(file, object, tp_h5p_default())
        precondition(target >= 0, "no object \(object)")
        defer { H5Oclose(target) }
        let type = H5Tcopy(tp_h5t_c_s1())
        defer { H5Tclose(type) }
        H5Tset_size(type, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
        H5Tset_cset(type, H5T_CSET_UTF8)
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attr = H5Acreate2(target, attribute, type, space, tp_h5p_default(), tp_h5p_default())
        defer { H5Aclose(attr) }
        value.withCString { pointer in
            var pointers: [UnsafePointer<CChar>?] = [pointer]
            _ = H5Awrite(attr, type, &pointers)
        }
    }
}
