// Baselines against hand derivations and numpy: the mean, the per-substitution mean with shrinkage and
// multi-point offset, ridge (numpy closed form), grouped k-fold assignment, α selection.

import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

@Test func meanBaselinePredictsTheTrainingMean() throws {
    #expect(try MeanBaseline(fitting: [1, 2, 6]).predict(count: 2) == [3, 3])
    #expect(throws: InputError.self) { try MeanBaseline(fitting: []) }
}

@Test func perSubstitutionMeanShrinksTowardTheWildTypeThenTheGlobalMean() throws {
    let sets = try ["KA1A", "KA2A", "DA5N", "KA1A,DA5N"].map { try MutationSet(parsing: $0) }
    let baseline = try SubstitutionMeanBaseline(fitting: sets, ddgKcalPerMol: [2, 1, -1, 0.5])
    // By hand, k = 5: single-point rows 2, 1, −1 give the global mean 2/3.
    let global = 2.0 / 3
    let wildTypeK = (3 + 5 * global) / (2 + 5), wildTypeD = (-1 + 5 * global) / (1 + 5)
    let pairKA = (3 + 5 * wildTypeK) / (2 + 5), pairDN = (-1 + 5 * wildTypeD) / (1 + 5)
    let offset = 0.5 - (pairKA + pairDN) / 2
    #expect(abs(baseline.predict(try MutationSet(parsing: "KB9A")) - pairKA) < 1e-12)
    #expect(abs(baseline.predict(try MutationSet(parsing: "KB9G")) - wildTypeK) < 1e-12)   // unseen pair
    #expect(abs(baseline.predict(try MutationSet(parsing: "WB9A")) - global) < 1e-12)      // unseen wild type
    #expect(abs(baseline.multiPointOffsetKcalPerMol - offset) < 1e-12)
    #expect(abs(baseline.predict(try MutationSet(parsing: "KA3A,WB9A")) - ((pairKA + global) / 2 + offset)) < 1e-12)
    #expect(throws: InputError.self) { try SubstitutionMeanBaseline(fitting: [sets[3]], ddgKcalPerMol: [1]) }
}

// python3 -c "import numpy as np; X=np.array([[1.0,0.5,3],[2,-1,3],[0.5,2,3],[3,0,3],[-1,1.5,3],[2.5,2.5,3],[0,-2,3]]);
//   y=np.array([1.0,2.5,-0.5,3.0,-2.0,1.5,1.0]); m=X.mean(0); s=X.std(0); s[s==0]=1; Z=(X-m)/s;
//   w=np.linalg.solve(Z.T@Z+0.5*np.eye(3), Z.T@(y-y.mean())); print(w, y.mean());
//   print(((np.array([[1.5,0.0,3],[-0.5,1.0,7]])-m)/s)@w+y.mean())"
@Test func ridgeMatchesTheNumpyClosedForm() throws {
    let x: [[Double]] = [[1, 0.5, 3], [2, -1, 3], [0.5, 2, 3], [3, 0, 3], [-1, 1.5, 3], [2.5, 2.5, 3], [0, -2, 3]]
    let y = [1.0, 2.5, -0.5, 3.0, -2.0, 1.5, 1.0]
    let ridge = try RidgeRegression(fitting: x, targets: y, alpha: 0.5)
    #expect(abs(ridge.weights[0] - 1.32309253) < 1e-8 && abs(ridge.weights[1] + 0.68339356) < 1e-8)
    #expect(ridge.weights[2] == 0)   // a constant feature carries no weight
    #expect(abs(ridge.intercept - 0.9285714285714286) < 1e-12)
    let p = ridge.predict([[1.5, 0, 3], [-0.5, 1, 7]])
    #expect(abs(p[0] - 1.51023208) < 1e-8 && abs(p[1] + 0.93342734) < 1e-8)
}

@Test func ridgeWithTinyAlphaRecoversAnExactLinearLaw() throws {
    let x: [[Double]] = (0..<20).map { (i: Int) -> [Double] in
        let a = Double(i % 7), b = Double((i * 3) % 5) - 2, c = Double(i) / 4
        return [a, b, c]
    }
    func law(_ r: [Double]) -> Double { 1 + 2 * r[0] - 3 * r[1] + 0.5 * r[2] }
    let ridge = try RidgeRegression(fitting: x, targets: x.map(law), alpha: 1e-9)
    #expect(abs(ridge.predict([10, 4, -1]) - 8.5) < 1e-6)
}

@Test func groupKFoldPutsTheLargestGroupsFirstIntoTheLightestFold() throws {
    // Sizes A 5, B 3, C 3, D 1. Order A, C, B (equal sizes: last name first), D.
    // A → fold 0 (5|0), C → fold 1 (5|3), B → fold 1 (5|6), D → fold 0 (6|6).
    let groups = Array(repeating: "A", count: 5) + Array(repeating: "B", count: 3) + Array(repeating: "C", count: 3) + ["D"]
    let folds = try GroupKFold.assign(groups: groups, folds: 2)
    #expect(folds == Array(repeating: 0, count: 5) + Array(repeating: 1, count: 6) + [0])
    #expect(throws: InputError.self) { try GroupKFold.assign(groups: ["A", "B"], folds: 3) }
}

@Test func ridgeBaselinePicksACandidateAlphaByGroupedInnerCrossValidation() throws {
    // 8 complexes of 6 rows; the target follows feature 0 plus noise from a fixed generator.
    var state: UInt64 = 42
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) - 0.5
    }
    var rows: [[Double]] = [], targets: [Double] = [], groups: [String] = []
    for complex in 0..<8 {
        for _ in 0..<6 {
            let row = (0..<5).map { _ in uniform() }
            rows.append(row)
            targets.append(3 * row[0] + uniform())
            groups.append("C\(complex)")
        }
    }
    let baseline = try RidgeBaseline(fitting: rows, targets: targets, groups: groups)
    #expect(RidgeBaseline.candidateAlphas.contains(baseline.alpha))
    #expect(baseline.innerPearson.count == 5 && baseline.innerPearson.allSatisfy { $0 != nil })
    let best = baseline.innerPearson.compactMap { $0 }.max()!
    #expect(baseline.innerPearson[RidgeBaseline.candidateAlphas.firstIndex(of: baseline.alpha)!] == best)
    let again = try RidgeBaseline(fitting: rows, targets: targets, groups: groups)
    #expect(again.predict(rows) == baseline.predict(rows))
    // Two complexes cannot make three inner folds: the fallback α is used.
    let few = try RidgeBaseline(fitting: Array(rows[0..<12]), targets: Array(targets[0..<12]), groups: Array(groups[0..<12]))
    #expect(few.alpha == RidgeBaseline.fallbackAlpha && few.innerPearson.allSatisfy { $0 == nil })
}
