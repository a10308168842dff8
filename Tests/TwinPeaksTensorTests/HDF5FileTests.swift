// Round trips through the HDF5 wrapper, and its errors on bad use.
import Foundation
import Testing
@testable import TwinPeaksTensor

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
