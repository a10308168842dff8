// HDF5 datasets whose declared shape the file cannot back: a few-KB file declaring 10⁶×10⁶ or
// 2⁴⁰×2⁴⁰ values is refused before any allocation, naming the file, the dataset and the shape.
import CHDF5
import Foundation
import Testing
import TwinPeaksTensor

/// Creates `name` in `path` with `shape` declared and nothing written (HDF5 allocates late, so the
/// file stays a few KB), as a hand-made or truncated file would.
func declareSparseFloatDataset(_ name: String, shape: [UInt64], in path: String) {
    _ = tp_h5_init()
    H5Eset_auto2(0, nil, nil)
    let file = FileManager.default.fileExists(atPath: path)
        ? H5Fopen(path, 0x0001, tp_h5p_default()) : H5Fcreate(path, 0x0002, tp_h5p_default(), tp_h5p_default())
    precondition(file >= 0, "cannot open \(path)")
    defer { H5Fclose(file) }
    if H5Lexists(file, name, tp_h5p_default()) > 0 { H5Ldelete(file, name, tp_h5p_default()) }
    var dims = shape.map { hsize_t($0) }
    let space = H5Screate_simple(Int32(dims.count), &dims, nil)
    defer { H5Sclose(space) }
    let lcpl = H5Pcreate(tp_h5p_link_create())
    defer { H5Pclose(lcpl) }
    H5Pset_create_intermediate_group(lcpl, 1)
    // Chunked: HDF5 accepts any declared extent and stores no chunk until one is written.
    let dcpl = H5Pcreate(tp_h5p_dataset_create())
    defer { H5Pclose(dcpl) }
    var chunk = shape.map { _ in hsize_t(1) }
    H5Pset_chunk(dcpl, Int32(chunk.count), &chunk)
    let dataset = H5Dcreate2(file, name, tp_h5t_native_float(), space, lcpl, dcpl, tp_h5p_default())
    precondition(dataset >= 0, "cannot declare \(name) of shape \(shape)")
    H5Dclose(dataset)
}

@Test(arguments: [[1_000_000, 1_000_000], [1 << 40, 1 << 40], [100_000, 1000]] as [[UInt64]])
func aDatasetDeclaringMoreThanTheFileHoldsIsRefused(shape: [UInt64]) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-sparse-\(UUID().uuidString).h5").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    declareSparseFloatDataset("parameters/huge", shape: shape, in: path)
    let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    #expect(size < 64 << 10, "the file is small: \(size) bytes")
    let file = try HDF5File(opening: path)
    #expect(try file.shape(of: "parameters/huge") == shape.map { Int($0) })
    #expect {
        _ = try file.readFloats("parameters/huge")
    } throws: { error in
        let text = "\(error)"
        return text.contains(path) && text.contains("parameters/huge") && text.contains("declares shape")
    }
}
