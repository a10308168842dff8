// The files of a trained model folder that predict may read. `train` lists them in provenance.json
// ("files"); predict loads exactly those and refuses a listed file that is missing or a model file
// the list does not name (a stray `member-0 (copy).h5`, members left by a larger --ensemble, trees
// left by an earlier run before --no-trees). Older folders, whose provenance has no list (the
// shipped reference model), are legacy: members 0 … ensemble−1 as the provenance says.

import Foundation

public struct ModelFolderFiles {
    public let directory: String
    /// member-k.h5 paths in member order.
    public let members: [String]
    /// Names the folder may hold as model files; nil when nothing says (no provenance at all).
    let allowed: Set<String>?

    static let provenanceName = "provenance.json"

    /// A file predict would read as part of a model: members, trees, the stack.
    static func isModelFile(_ name: String) -> Bool {
        (name.hasPrefix("member-") && name.hasSuffix(".h5")) || (name.hasPrefix("trees-") && name.hasSuffix(".json"))
            || name == "stack.json"
    }

    static func memberNumber(_ name: String) -> Int? {
        guard name.hasPrefix("member-"), name.hasSuffix(".h5") else { return nil }
        let digits = name.dropFirst(7).dropLast(3)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// The file list an earlier `train` wrote into the folder's provenance (nil: none).
    static func listedFiles(in directory: String) throws -> [String]? {
        let path = directory + "/" + provenanceName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ModelError.checkpoint("\(path): not a JSON object; expected the provenance `twinpeaks train` writes")
        }
        guard let files = object["files"] else { return nil }
        guard let names = files as? [String], names.allSatisfy({ !$0.contains("/") && !$0.hasPrefix(".") }) else {
            throw ModelError.checkpoint("\(path): 'files' is not a list of file names in the folder")
        }
        return names
    }

    public init(directory: String) throws {
        self.directory = directory
        let fm = FileManager.default
        let present = Set((try? fm.contentsOfDirectory(atPath: directory)) ?? [])
        let provenancePath = directory + "/" + Self.provenanceName
        var memberNames: [String]
        if let listed = try Self.listedFiles(in: directory) {
            memberNames = listed.filter { Self.memberNumber($0) != nil }
            allowed = Set(listed)
            let missing = listed.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw ModelError.checkpoint("\(directory): \(missing.joined(separator: ", ")) listed in \(provenancePath) but missing; "
                                            + "the folder is incomplete: retrain it or restore the files")
            }
        } else if let data = fm.contents(atPath: provenancePath),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let ensemble = (object["ensemble"] as? String).flatMap(Int.init), ensemble >= 1 {
            // Legacy: the provenance names the ensemble size and whether trees were fitted.
            memberNames = (0..<ensemble).map { "member-\($0).h5" }
            let trees = (object["trees"] as? String) != "false"
            allowed = Set(memberNames + (trees ? ["trees-ddG.json", "trees-dG.json", "stack.json"] : []))
            let missing = memberNames.filter { !present.contains($0) }
            guard missing.isEmpty else {
                throw ModelError.checkpoint("\(directory): \(missing.joined(separator: ", ")) missing; \(provenancePath) says ensemble \(ensemble)")
            }
        } else {
            // No provenance: the members found, which must be member-0 … member-(n−1) exactly.
            memberNames = present.filter { Self.isModelFile($0) && $0.hasPrefix("member-") }
            allowed = nil
            if let odd = memberNames.first(where: { Self.memberNumber($0) == nil }) {
                throw ModelError.checkpoint("\(directory)/\(odd): not a member file name (member-K.h5); remove or rename it")
            }
            let numbers = Set(memberNames.compactMap(Self.memberNumber))
            if let gap = (0..<numbers.count).first(where: { !numbers.contains($0) }) {
                throw ModelError.checkpoint("\(directory): member-\(gap).h5 is missing (members \(numbers.sorted().map(String.init).joined(separator: ", ")) are there); "
                                            + "expected member-0 … member-\(numbers.count - 1)")
            }
        }
        if let allowed {
            let strays = present.filter { Self.isModelFile($0) && !allowed.contains($0) }.sorted()
            guard strays.isEmpty else {
                throw ModelError.checkpoint("\(directory): \(strays.joined(separator: ", ")) not listed in \(provenancePath): a stray or "
                                            + "left-over file of another run; remove it or retrain the folder")
            }
        }
        memberNames.sort { Self.memberNumber($0)! < Self.memberNumber($1)! }
        guard !memberNames.isEmpty else {
            throw ModelError.checkpoint("\(directory): no member-k.h5 model files; train one with `twinpeaks train`")
        }
        members = memberNames.map { directory + "/" + $0 }
    }

    /// Refuses a trees or stack file the folder's list does not name (it would be a left-over).
    public func requireListed(_ path: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        if let allowed, !allowed.contains(name) {
            throw ModelError.checkpoint("\(path) is not listed in \(directory)/\(Self.provenanceName); it is not part of this model")
        }
    }
}
