// Strict hold-outs on hand-made labels: hubs never validated, every other complex validated once,
// no label on both sides, the same folds for the same seed.
import Testing
@testable import TwinPeaksSplit

/// 60 complexes over label chains: complex i carries labels f(i mod 20) and f((i+1) mod 20) (a ring of
/// families, so no whole-component assignment exists), every 6th complex also the hub `ig`.
func ringComplexes() -> (ids: [String], labels: [Set<String>]) {
    let ids = (0..<60).map { "C\($0)" }
    let labels = (0..<60).map { i -> Set<String> in
        var set: Set<String> = ["f\(i % 20)", "f\((i + 1) % 20)"]
        if i % 6 == 0 { set.insert("ig") }
        return set
    }
    return (ids, labels)
}

@Test(arguments: [nil, 0, 2] as [Int?])
func strictHoldoutsShareNoLabelAndValidateNonHubComplexesAtMostOnce(straddlerBudget: Int?) {
    let (ids, labels) = ringComplexes()
    var options = StrictHoldouts.Options(holdouts: 4, hubFraction: 0.1, seed: 3)
    options.straddlerBudget = straddlerBudget
    let split = StrictHoldouts.make(complexIDs: ids, labels: labels, options: options)
    #expect(split.hubFamilies.map(\.family) == ["ig"])
    #expect(split.hubFamilies.first?.complexes == 10)
    #expect(split.hubComplexCount == 10)
    let byID = Dictionary(uniqueKeysWithValues: zip(ids, labels))
    var validatedCount: [String: Int] = [:]
    for fold in split.folds.folds {
        for id in fold.validation { validatedCount[id, default: 0] += 1 }
        let held = fold.validation.reduce(into: Set<String>()) { $0.formUnion(byID[$1]!) }
        for id in fold.train { #expect(byID[id]!.isDisjoint(with: held), "\(fold.name): \(id) trains on a validated label") }
        #expect(fold.train.count + fold.validation.count + fold.dropped.count == 60)
        #expect(!fold.validation.isEmpty)
    }
    let hubComplexes = Set(ids.indices.filter { $0 % 6 == 0 }.map { ids[$0] })
    #expect(Set(validatedCount.keys).isDisjoint(with: hubComplexes))
    #expect(validatedCount.values.allSatisfy { $0 == 1 })
    // Without a budget every non-hub complex is validated once; a budget only ever skips straddlers.
    if straddlerBudget == nil { #expect(Set(validatedCount.keys) == Set(ids).subtracting(hubComplexes)) }
}

@Test func strictHoldoutsAreTheSameForTheSameSeed() {
    let (ids, labels) = ringComplexes()
    let options = StrictHoldouts.Options(holdouts: 3, hubFraction: 0.1, seed: 11)
    let a = StrictHoldouts.make(complexIDs: ids, labels: labels, options: options)
    let b = StrictHoldouts.make(complexIDs: ids, labels: labels.map { Set($0.shuffled()) }, options: options)
    #expect(a.folds == b.folds)
    let other = StrictHoldouts.make(complexIDs: ids, labels: labels, options: .init(holdouts: 3, hubFraction: 0.1, seed: 12))
    #expect(other.folds != a.folds)
}

@Test func isolatedFamiliesAreHeldOutWholeWithoutDrops() {
    // Ten families of three complexes each and no sharing between families: nothing need be dropped.
    let ids = (0..<30).map { "C\($0)" }
    let labels = (0..<30).map { Set(["fam\($0 / 3)"]) }
    let split = StrictHoldouts.make(complexIDs: ids, labels: labels, options: .init(holdouts: 4, hubFraction: 0.5, seed: 1))
    #expect(split.folds.folds.allSatisfy { $0.dropped.isEmpty })
    #expect(split.folds.folds.map(\.validation.count).sorted() == [6, 6, 9, 9])
}

@Test func linksJoinComplexesButAreNeverHubs() {
    // `link:0` is on 4 of 6 complexes (above the 50 % hub line) but stays a link: its complexes are validated.
    let ids = (0..<6).map { "C\($0)" }
    let labels: [Set<String>] = [["a", "link:0"], ["b", "link:0"], ["c", "link:0"], ["d", "link:0"], ["e"], ["f"]]
    let split = StrictHoldouts.make(complexIDs: ids, labels: labels, options: .init(holdouts: 2, hubFraction: 0.5, seed: 1))
    #expect(split.hubFamilies.isEmpty)
    let linked: Set<String> = ["C0", "C1", "C2", "C3"]
    for fold in split.folds.folds where !linked.isDisjoint(with: fold.validation) {
        #expect(linked.isDisjoint(with: fold.train))
    }
}

@Test func pairRuleLinksOnlyWhenBothPartnersMatch() {
    // A–B and A–B' (B' sharing B's family) are linked; A–C shares only partner A, so it is not.
    let ids = ["AB", "AB2", "AC", "BA"]
    let partners: [[Set<String>]] = [[["a"], ["b"]], [["a"], ["b", "x"]], [["a"], ["c"]], [["b"], ["a"]]]
    let split = PairRuleFolds.make(complexIDs: ids, partnerLabels: partners, folds: 2, seed: 1)
    let foldOf = { (id: String) in split.folds.folds.firstIndex { $0.validation.contains(id) }! }
    #expect(foldOf("AB") == foldOf("AB2"))
    #expect(foldOf("AB") == foldOf("BA"))  // crosswise partners match too
    #expect(foldOf("AC") != foldOf("AB"))
    #expect(split.folds.folds.allSatisfy { $0.dropped.isEmpty })
}

@Test func earlyStoppingCarveOutIsFamilyDisjointAndNearTheFraction() {
    let (ids, labels) = ringComplexes()
    let byID = Dictionary(uniqueKeysWithValues: zip(ids, labels))
    let carve = EarlyStoppingCarveOut(training: ids, labels: byID, fraction: 0.15, hubFraction: 0.1, seed: 5)
    #expect(carve.stop.count >= 9 && carve.stop.count <= 14, "stop has \(carve.stop.count) complexes")
    let stopLabels = carve.stop.reduce(into: Set<String>()) { $0.formUnion(byID[$1]!) }
    #expect(carve.fit.allSatisfy { byID[$0]!.isDisjoint(with: stopLabels) })
    #expect(Set(carve.fit + carve.stop + carve.dropped) == Set(ids))
    #expect(carve == EarlyStoppingCarveOut(training: ids, labels: byID, fraction: 0.15, hubFraction: 0.1, seed: 5))
}
