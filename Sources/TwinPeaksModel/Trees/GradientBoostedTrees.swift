// Gradient-boosted regression trees through XGBoost's C API: fit on rows of Double features, predict
// with all trees or the first n (so one fit scores several tree counts), save and load XGBoost's JSON
// model format with our parameters recorded inside it. With `mirroredWidth` set the trees are
// mirrored: fitted on both directions of each mutation, y and −y, and read as (t(f) − t(r)) / 2.
// Why: trees on the forward descriptors alone learn that |Δ| and BLOSUM62 (which read the same
// both ways) mean "destabilising", a prior that is right for SKEMPI's wild types on average and
// wrong inside a complex; mirrored, they must weigh those only as contexts of signed terms. On
// RDE's and the CATH hold-out's folds (calibration grid point, numpy + XGBoost) pooled Pearson
// rose 0.435 → 0.526 and 0.366 → 0.512 (README, session 14).

import CXGBoost
import Foundation
import TwinPeaksBio
import TwinPeaksSplit

/// An XGBoost booster for squared-error regression. Owns its handle and frees it in deinit.
public final class GradientBoostedTrees {
    public let parameters: BoostingParameters
    /// Features per row, fixed by the fit (mirrored: forward, reverse and shared columns together).
    public let featureCount: Int
    private let handle: BoosterHandle

    /// The key under which the saved model carries `parameters` (XGBoost keeps string attributes in its JSON).
    static let parametersAttribute = "twinpeaks_parameters"

    /// Boosts `parameters.rounds` trees from base_score = the mean target, so the first tree fits the
    /// residuals around the mean (LightGBM's boost_from_average).
    public init(fitting features: [[Double]], targets: [Double], parameters: BoostingParameters) throws {
        let place = "gradient-boosted trees fit"
        if let problem = parameters.problem { throw ModelError.configuration("\(place): \(problem)") }
        var rows = features, fitTargets = targets
        if let width = parameters.mirroredWidth {
            guard features.count == targets.count else {
                throw InputError(place, "\(targets.count) targets for \(features.count) rows; expected one per row")
            }
            let (forward, reverse) = try Self.directions(of: features, width: width, place: place)
            rows = forward + reverse
            fitTargets = targets + targets.map { -$0 }
        }
        let train = try XGBoostMatrix(rows, place: place)
        try train.setTargets(fitTargets, place: place)
        var out: BoosterHandle? = nil
        var matrices: [DMatrixHandle?] = [train.handle]
        try xgboostCall("XGBoosterCreate") { XGBoosterCreate(&matrices, 1, &out) }
        handle = out!
        self.parameters = parameters
        featureCount = train.columnCount + (parameters.mirroredWidth ?? 0)
        let meanTarget = fitTargets.reduce(0, +) / Double(fitTargets.count)
        for (name, value) in parameters.xgboostSettings + [("base_score", String(meanTarget))] {
            try xgboostCall("XGBoosterSetParam(\(name)=\(value))") { XGBoosterSetParam(handle, name, value) }
        }
        // Sorted keys: JSONEncoder's key order changes with each process's hash seed.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try setAttribute(Self.parametersAttribute, String(decoding: try encoder.encode(parameters), as: UTF8.self))
        for round in 0..<parameters.rounds {
            try xgboostCall("XGBoosterUpdateOneIter(round \(round))") { XGBoosterUpdateOneIter(handle, Int32(round), train.handle) }
        }
    }

    /// Loads a model written by `save(to:)`; its predictions are identical to the saved model's.
    public convenience init(contentsOf path: String) throws {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ModelError.checkpoint("\(path): cannot read (\(error.localizedDescription)); expected an XGBoost JSON model")
        }
        try self.init(modelBytes: bytes, source: path)
    }

    /// A model from XGBoost's JSON or UBJSON bytes (XGBoost tells them apart by their second byte).
    init(modelBytes bytes: Data, source path: String) throws {
        var out: BoosterHandle? = nil
        try xgboostCall("XGBoosterCreate") { XGBoosterCreate(nil, 0, &out) }
        let loaded = out!
        // Until every stored property is set, deinit would not run: free the handle here on failure.
        do {
            try bytes.withUnsafeBytes { buffer in
                try xgboostCall("XGBoosterLoadModelFromBuffer(\(path))") {
                    XGBoosterLoadModelFromBuffer(loaded, buffer.baseAddress, UInt64(buffer.count))
                }
            }
            guard let text = try Self.attribute(Self.parametersAttribute, of: loaded) else {
                throw ModelError.checkpoint("\(path): no \(Self.parametersAttribute) attribute; expected a model saved by GradientBoostedTrees")
            }
            let recorded = try JSONDecoder().decode(BoostingParameters.self, from: Data(text.utf8))
            var columns: UInt64 = 0
            try xgboostCall("XGBoosterGetNumFeature") { XGBoosterGetNumFeature(loaded, &columns) }
            // Threads are a run setting, not part of XGBoost's model file.
            try xgboostCall("XGBoosterSetParam(nthread)") { XGBoosterSetParam(loaded, "nthread", String(recorded.threads)) }
            parameters = recorded
            featureCount = Int(columns) + (recorded.mirroredWidth ?? 0)
        } catch {
            XGBoosterFree(loaded)
            throw error
        }
        handle = loaded
    }

    /// A string attribute of a booster, nil when it has none.
    static func attribute(_ key: String, of handle: BoosterHandle) throws -> String? {
        var text: UnsafePointer<CChar>? = nil, found: Int32 = 0
        try xgboostCall("XGBoosterGetAttr(\(key))") { XGBoosterGetAttr(handle, key, &text, &found) }
        return found == 1 ? text.map { String(cString: $0) } : nil
    }

    func attribute(_ key: String) throws -> String? { try Self.attribute(key, of: handle) }

    /// The model in XGBoost's `json` or `ubj` (universal binary JSON) encoding.
    func modelBytes(format: String) throws -> Data {
        var length: UInt64 = 0, bytes: UnsafePointer<CChar>? = nil
        try xgboostCall("XGBoosterSaveModelToBuffer") {
            XGBoosterSaveModelToBuffer(handle, "{\"format\": \"\(format)\"}", &length, &bytes)
        }
        guard let bytes else { throw ModelError.trees("XGBoosterSaveModelToBuffer returned no bytes") }
        return Data(bytes: bytes, count: Int(length))
    }

    deinit { XGBoosterFree(handle) }

    /// Trees grown so far (= parameters.rounds after a fit).
    public var roundCount: Int {
        var rounds: Int32 = 0
        return XGBoosterBoostedRounds(handle, &rounds) == 0 ? Int(rounds) : 0
    }

    /// Predictions of the first `rounds` trees (all trees when nil), one per row.
    public func predict(_ features: [[Double]], rounds: Int? = nil) throws -> [Double] {
        let place = "gradient-boosted trees predict"
        if features.isEmpty { return [] }
        let available = roundCount
        if let rounds, rounds < 1 || rounds > available {
            throw InputError(place, "rounds \(rounds); expected 1...\(available), the trees this model has")
        }
        var rows = features
        if let width = parameters.mirroredWidth {
            let (forward, reverse) = try Self.directions(of: features, width: width, place: place)
            rows = forward + reverse
        }
        let matrix = try XGBoostMatrix(rows, place: place)
        let columns = matrix.columnCount + (parameters.mirroredWidth ?? 0)
        guard columns == featureCount else {
            throw InputError(place, "\(columns) features per row; expected \(featureCount), as in the fit")
        }
        // iteration_end 0 means all trees; strict_shape false gives one value per row for regression.
        let configuration = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": \(rounds ?? 0), \"strict_shape\": false}"
        var shape: UnsafePointer<UInt64>? = nil, dimensions: UInt64 = 0, result: UnsafePointer<Float>? = nil
        try xgboostCall("XGBoosterPredictFromDMatrix") {
            XGBoosterPredictFromDMatrix(handle, matrix.handle, configuration, &shape, &dimensions, &result)
        }
        guard let result else { throw ModelError.trees("XGBoosterPredictFromDMatrix returned no predictions") }
        guard parameters.mirroredWidth != nil else { return (0..<matrix.rowCount).map { Double(result[$0]) } }
        let n = features.count
        return (0..<n).map { (Double(result[$0]) - Double(result[n + $0])) / 2 }
    }

    /// Mirrored rows [forward | reverse | shared] → (forward + shared, reverse + shared). The rows
    /// are checked as given first, so an error names the caller's row and column, not a split one's.
    static func directions(of rows: [[Double]], width: Int, place: String) throws -> (forward: [[Double]], reverse: [[Double]]) {
        _ = try XGBoostMatrix.checkedValues(rows, place: place)
        var forward: [[Double]] = [], reverse: [[Double]] = []
        forward.reserveCapacity(rows.count)
        reverse.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            guard row.count >= 2 * width else {
                throw InputError("\(place), row \(i)", "\(row.count) features; expected at least \(2 * width), a forward and a reverse block of \(width)")
            }
            let shared = row[(2 * width)...]
            forward.append(Array(row[0..<width] + shared))
            reverse.append(Array(row[width..<(2 * width)] + shared))
        }
        return (forward, reverse)
    }

    /// Writes XGBoost's JSON model (trees, base_score, and `parameters` as an attribute) under a
    /// temporary name and renames it into place.
    public func save(to path: String) throws {
        let data = try modelBytes(format: "json")
        do { try OutputFile.write(data, to: path) } catch {
            throw ModelError.checkpoint("\(path): cannot write (\(error))")
        }
    }

    func setAttribute(_ key: String, _ value: String) throws {
        try xgboostCall("XGBoosterSetAttr(\(key))") { XGBoosterSetAttr(handle, key, value) }
    }
}
