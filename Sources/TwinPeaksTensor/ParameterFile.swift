// ParameterFile: a ParameterStore (and optionally AdamW's state) saved to and loaded from HDF5.
// Layout: one Float32 dataset per parameter at "parameters/<name>" (the dotted name kept whole,
// e.g. parameters/encoder.0.attention.query.weight, readable with h5py), each with a "decays"
// attribute; caller metadata as string attributes on the root; AdamW moments (flat, in store
// order) at "optimizer/first_moment" and "optimizer/second_moment" with a "step" attribute, and
// AdamW's weight average (when it keeps one) at "optimizer/weight_average".
// Files are written to "<path>.tmp" and renamed, so a crash never leaves a half file.
import Foundation

public enum ParameterFile {
    /// The group holding the parameter datasets.
    public static let parameterGroup = "parameters"
    static let optimizerGroup = "optimizer"
    static let formatAttribute = "twinpeaks_parameter_format"

    /// Writes every parameter of `store`, the metadata and (when given) the optimizer state.
    public static func save(_ store: ParameterStore, metadata: [String: String] = [:], optimizer: AdamW? = nil,
                            to path: String) throws {
        let temporary = path + ".tmp"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try translatingHDF5Errors(path: path) {
                let file = try HDF5File(creating: temporary)
                try write(store, to: file)
                for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                    try file.setAttribute(key, value)
                }
                if let optimizer { try write(optimizer, to: file) }
                file.flush()
            }  // the file is closed here, before the rename
            guard rename(temporary, path) == 0 else {
                throw TensorError.parameterFile(path: path, tensor: "",
                                                problem: "cannot rename \(temporary) into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes the parameter datasets into an open file (for checkpoints that hold more).
    public static func write(_ store: ParameterStore, to file: HDF5File) throws {
        try translatingHDF5Errors(path: file.path) {
            try file.createGroup(parameterGroup)
            try file.setAttribute(formatAttribute, "1", on: parameterGroup)
            for parameter in store.parameters {
                guard !parameter.name.contains("/") else {
                    throw TensorError.parameterFile(path: file.path, tensor: parameter.name,
                                                    problem: "parameter names may not contain '/'")
                }
                let dataset = parameterGroup + "/" + parameter.name
                try file.write(store.value(parameter).values, shape: parameter.shape, to: dataset)
                try file.setAttribute("decays", parameter.decays ? 1 : 0, on: dataset)
            }
        }
    }

    private static func write(_ optimizer: AdamW, to file: HDF5File) throws {
        try file.createGroup(optimizerGroup)
        try file.setAttribute("step", Double(optimizer.stepCount), on: optimizerGroup)
        try file.write(optimizer.firstMoment, shape: [optimizer.firstMoment.count], to: optimizerGroup + "/first_moment")
        try file.write(optimizer.secondMoment, shape: [optimizer.secondMoment.count], to: optimizerGroup + "/second_moment")
        if !optimizer.weightAverage.isEmpty {
            try file.write(optimizer.weightAverage, shape: [optimizer.weightAverage.count], to: optimizerGroup + "/weight_average")
        }
    }

    /// Loads every parameter of `store` from the file and returns the file's metadata. Every
    /// parameter must be present with its exact shape and finite values; a tensor in the file
    /// that the store lacks is an error too unless `allowUnused`. Nothing in the store changes
    /// unless the whole load succeeds. With `optimizer`, its state is restored when the file has one.
    @discardableResult
    public static func load(into store: ParameterStore, from path: String, optimizer: AdamW? = nil,
                            allowUnused: Bool = false) throws -> [String: String] {
        try translatingHDF5Errors(path: path) {
            let file = try HDF5File(opening: path)
            try read(into: store, from: file, allowUnused: allowUnused)
            if let optimizer { try read(optimizer, from: file) }
            return try metadata(of: file)
        }
    }

    /// Reads the parameters from an open file (see `load`).
    public static func read(into store: ParameterStore, from file: HDF5File, allowUnused: Bool = false) throws {
        let path = file.path
        func fail(_ tensor: String, _ problem: String) -> TensorError {
            TensorError.parameterFile(path: path, tensor: tensor, problem: problem)
        }
        guard file.exists(parameterGroup), !file.isDataset(parameterGroup) else {
            throw fail("", "no '\(parameterGroup)' group: not a TwinPeaks parameter file")
        }
        var loaded: [(Parameter, Tensor)] = []
        for parameter in store.parameters {
            let dataset = parameterGroup + "/" + parameter.name
            guard file.isDataset(dataset) else { throw fail(parameter.name, "missing from the file") }
            // The declared shape first: a file claiming a huge tensor is refused before reading it.
            let declared = try file.shape(of: dataset)
            guard declared == parameter.shape else {
                throw fail(parameter.name, "shape \(declared) in the file, expected \(parameter.shape)")
            }
            let (shape, values) = try file.readFloats(dataset)
            guard values.allSatisfy({ $0.isFinite }) else { throw fail(parameter.name, "holds NaN or infinite values") }
            loaded.append((parameter, try Tensor(shape: shape, values: values)))
        }
        if !allowUnused {
            let expected = Set(store.parameters.map(\.name))
            if let extra = try file.members(of: parameterGroup).first(where: { !expected.contains($0) }) {
                throw fail(extra, "in the file but not in the model (a different configuration?)")
            }
        }
        for (parameter, tensor) in loaded { try store.setValue(parameter, tensor) }
    }

    private static func read(_ optimizer: AdamW, from file: HDF5File) throws {
        guard file.exists(optimizerGroup) else { return }
        func fail(_ problem: String) -> TensorError {
            TensorError.parameterFile(path: file.path, tensor: optimizerGroup, problem: problem)
        }
        let expected = [optimizer.firstMoment.count]
        for moment in ["first_moment", "second_moment"] {
            let declared = try file.shape(of: optimizerGroup + "/" + moment)
            guard declared == expected else { throw fail("\(moment) of shape \(declared), expected \(expected)") }
        }
        let first = try file.readFloats(optimizerGroup + "/first_moment").values
        let second = try file.readFloats(optimizerGroup + "/second_moment").values
        guard first.allSatisfy(\.isFinite), second.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw fail("optimizer state holds NaN, infinite or negative values; expected finite moments (second ≥ 0)")
        }
        let step = try file.numberAttribute("step", of: optimizerGroup) ?? 0
        guard step.isFinite, step >= 0, step <= 1e15 else { throw fail("step \(step): expected a whole number ≥ 0") }
        // A file with an average restores it into an optimizer that keeps one; a file without one
        // leaves such an optimizer to start its average at the next update.
        var average: [Float] = []
        let averagePath = optimizerGroup + "/weight_average"
        if optimizer.averageDecay > 0 && file.exists(averagePath) {
            let declared = try file.shape(of: averagePath)
            guard declared == expected else { throw fail("weight_average of shape \(declared), expected \(expected)") }
            average = try file.readFloats(averagePath).values
            guard average.allSatisfy(\.isFinite) else { throw fail("weight_average holds NaN or infinite values") }
        }
        optimizer.restore(stepCount: Int(step), firstMoment: first, secondMoment: second, weightAverage: average)
    }

    /// The metadata (root string attributes) of a parameter file.
    public static func metadata(at path: String) throws -> [String: String] {
        try translatingHDF5Errors(path: path) { try metadata(of: HDF5File(opening: path)) }
    }

    private static func metadata(of file: HDF5File) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try file.attributeNames() {
            if let value = try? file.stringAttribute(name) { result[name] = value }
        }
        return result
    }

    /// Runs `body`, turning HDF5 errors into `TensorError.parameterFile` (one error type for callers).
    private static func translatingHDF5Errors<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as HDF5Error {
            throw TensorError.parameterFile(path: error.file, tensor: error.object, problem: error.problem)
        }
    }
}
