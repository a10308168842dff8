// Round trips through the HDF5 wrapper, and its errors on bad use.
import Foundation
import Testing
@testable import TwinPeaksTensor
import CHDF5

private func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tp-\(UUID().uuidString)-\(name)").path
}

@Test func float32DatasetsAndAttributesRoundTripExactly() throws {
    let path = temporaryPath("a.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let values: [Float] = (0..<15).map { Float($0) * 0.1 - 0.7 }
    do {
        let file = try HDF5File(creating: path)
        try file.write(values, shape: [3, 5], to: "encoder/0/weight", chunkRows: 2, compression: 4)
        try file.write([1, 2, 3], shape: [3], to: "counts")
        try file.setAttribute("sequence", "MKV", on: "encoder/0/weight")
        try file.setAttribute("dimension", 5.0, on: "encoder/0/weight")
        try file.setAttribute("version", "0.1.0")
    }
    let file = try HDF5File(opening: path)
    let (shape, read) = try file.readFloats("encoder/0/weight")
    #expect(shape == [3, 5])
    #expect(read == values)
    #expect(try file.readInt64s("counts").values == [1, 2, 3])
    #expect(try file.stringAttribute("sequence", of: "encoder/0/weight") == "MKV")
    #expect(try file.numberAttribute("dimension", of: "encoder/0/weight") == 5)
    #expect(try file.stringAttribute("version") == "0.1.0")
    #expect(try file.stringAttribute("missing") == nil)
    #expect(try file.members(of: "encoder") == ["0"])
    #expect(file.isDataset("counts") && !file.isDataset("encoder"))
}

@Test func float16StorageRoundsToHalfPrecision() throws {
    let path = temporaryPath("h.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let values: [Float] = [0, 1, -2.5, 0.1, 1000.3, 1e-3]
    do {
        let file = try HDF5File(creating: path)
        try file.write(values, shape: [6], to: "x", storage: .float16)
    }
    let file = try HDF5File(opening: path)
    #expect(try file.floatByteWidth(of: "x") == 2)
    let read = try file.readFloats("x").values
    for (a, b) in zip(values, read) {
        // Half precision keeps 11 significant bits: relative error at most 2^-11.
        #expect(abs(a - b) <= abs(a) * 0.00049 + 1e-7, "value \(a) read back as \(b)")
    }
    #expect(read[1] == 1 && read[2] == -2.5)
}

@Test func badUseNamesTheFileAndObject() throws {
    let path = temporaryPath("e.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let file = try HDF5File(creating: path)
    #expect(throws: HDF5Error.self) { try file.write([1, 2, 3], shape: [2, 2], to: "x") }
    #expect(throws: HDF5Error.self) { try file.readFloats("nothing") }
    do {
        _ = try file.readFloats("nothing")
    } catch let error as HDF5Error {
        #expect(error.description.contains(path) && error.description.contains("nothing"))
    }
    #expect(throws: HDF5Error.self) { try HDF5File(opening: temporaryPath("missing.h5")) }
}

@Test func float16WrittenAndReadInSwiftMatchesHDF5sOwnConversion() throws {
    let path = temporaryPath("h16.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    var state: UInt32 = 12345
    var values: [Float] = (0..<5000).map { _ in
        state = state &* 1664525 &+ 1013904223
        return (Float(state >> 8) / Float(1 << 24) - 0.5) * 20
    }
    values += [0, -0, 1, 65504, 1e-5, -3e-7, 0.1, 2049, 70000]  // 2049: a tie between halves 2048 and 2050
    do {
        let file = try HDF5File(creating: path)
        try file.write(values, shape: [values.count], to: "swift", storage: .float16, chunkRows: 512, compression: 1, shuffle: true)
        // The same values converted by HDF5 itself (memory float32 → file half).
        var dims = [hsize_t(values.count)]
        let space = H5Screate_simple(1, &dims, nil)
        let half = tp_h5t_ieee_f16le()
        let fid = H5Fopen(path, 0x0001, tp_h5p_default())
        _ = file  // both handles open the same file; HDF5 shares it
        let did = H5Dcreate2(fid, "hdf5", half, space, tp_h5p_default(), tp_h5p_default(), tp_h5p_default())
        _ = values.withUnsafeBufferPointer {
            H5Dwrite(did, tp_h5t_native_float(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
        }
        H5Dclose(did); H5Tclose(half); H5Sclose(space); H5Fclose(fid)
    }
    let file = try HDF5File(opening: path)
    let swiftPath = try file.readFloats("swift").values
    let hdf5Path = try file.readFloats("hdf5").values
    // Identical except on exact ties, where HDF5 rounds half away from zero and Swift rounds half
    // to even as IEEE 754 (and numpy's float16) do: 2049 → 2048.
    let differences = zip(values, zip(swiftPath, hdf5Path)).filter { $0.1.0 != $0.1.1 }
    #expect(differences.map(\.0) == [2049], "value, Swift's half, HDF5's half: \(differences.prefix(10))")
    #expect(swiftPath[values.count - 2] == 2048 && hdf5Path[values.count - 2] == 2050)
    // Reading through HDF5's own widening gives the same Float32 values.
    let fid = H5Fopen(path, 0, tp_h5p_default())
    defer { H5Fclose(fid) }
    let did = H5Dopen2(fid, "swift", tp_h5p_default())
    defer { H5Dclose(did) }
    var widened = [Float](repeating: 0, count: values.count)
    _ = widened.withUnsafeMutableBufferPointer {
        H5Dread(did, tp_h5t_native_float(), tp_h5s_all(), tp_h5s_all(), tp_h5p_default(), $0.baseAddress)
    }
    #expect(widened == swiftPath)
    #expect(swiftPath.last == .infinity && swiftPath[values.count - 3] == 0.099975586)
}

@Test func shuffledDeflatedFloat32RoundTripsExactly() throws {
    let path = temporaryPath("s.h5")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let values: [Float] = (0..<3000).map { sin(Float($0) * 0.37) * 3 }
    do {
        let file = try HDF5File(creating: path)
        try file.write(values, shape: [100, 30], to: "x", chunkRows: 16, compression: 1, shuffle: true)
    }
    #expect(try HDF5File(opening: path).readFloats("x").values == values)
}
