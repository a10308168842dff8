// The pairwise products on the ΔΔG wide path (`wideProducts`): the expansion against a hand
// computation, the network's antisymmetry with the product weights switched on, and the
// cancellation they undo (a descriptor that reads the same both ways reaches ΔΔG only through them).

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func productExpansionMatchesAHandComputation() throws {
    let products = WideProducts.crossing(0..<1, 1..<3)
    #expect(products.pairs.count == 2 && products.requiredWidth == 3)
    // [x0, x1, x2, x3] → [x0, x1, x2, x3, x0·x1, x0·x2]
    #expect(products.expand([2, -3, 5, 7]) == [2, -3, 5, 7, -6, 10])
    #expect(products.expandedWidth(4) == 6)
    let tensor = try products.expand(Tensor(shape: [2, 3], values: [2, -3, 5, 0.5, 1, 7]))
    #expect(tensor.shape == [2, 5])
    #expect(tensor.values == [2, -3, 5, -6, 10, 0.5, 1, 7, 0.5, 3.5])
    #expect(WideProducts.none.expand([2, -3]) == [2, -3])
    #expect(throws: TensorError.self) { try products.expand(Tensor(shape: [1, 2], values: [1, 2])) }
    // The network's set: wild-type one-hot (columns 0–19) × mutant one-hot (20–39), 400 products.
    let substitutions = WideProducts.substitutions
    #expect(substitutions.pairs.count == 400 && substitutions.requiredWidth == 40)
    #expect(SubstitutionDescriptors.featureNames[0] == "wt_A" && SubstitutionDescriptors.featureNames[20] == "mt_A")
    #expect(substitutions.pairs[21] == WideProducts.Pair(first: 1, second: 21))
}

@Test func theProductsTellSubstitutionsApartThatTheLinearPathAdds() throws {
    // Point mutations on real descriptors: W→A and Y→F against W→F and Y→A. A linear antisymmetric
    // path gives c(W) − c(A) + c(Y) − c(F) for both pairs of sums; the products' forward − reverse
    // differences are indicators of each substitution, so the sums differ.
    func row(_ from: Int, _ to: Int) -> [Float] {
        var x = [Float](repeating: 0, count: SubstitutionDescriptors.count)
        x[from] = 1; x[20 + to] = 1
        return x
    }
    func difference(_ from: Int, _ to: Int) -> [Float] {
        zip(WideProducts.substitutions.expand(row(from, to)), WideProducts.substitutions.expand(row(to, from))).map { $0 - $1 }
    }
    let (w, y, a, f) = (18, 19, 0, 4)  // AminoAcid.standard order: A C D E F G H I K L M N P Q R S T V W Y
    let names = SubstitutionDescriptors.featureNames
    #expect(names[w] == "wt_W" && names[y] == "wt_Y" && names[a] == "wt_A" && names[20 + f] == "mt_F")
    let first = zip(difference(w, a), difference(y, f)).map { $0 + $1 }
    let second = zip(difference(w, f), difference(y, a)).map { $0 + $1 }
    let linear = SubstitutionDescriptors.count
    #expect(Array(first[..<linear]) == Array(second[..<linear]), "the one-hot part is additive")
    #expect(Array(first[linear...]) != Array(second[linear...]), "the products must tell the substitutions apart")
}

@Test func wideProductsKeepDeltaDeltaGAntisymmetricAndChangeThePrediction() throws {
    var c = NetworkFixtures.tinyConfiguration()
    c.wideProducts = true
    let width = SubstitutionDescriptors.count
    let network = try NetworkFixtures.network(c, substitutionWidth: width)
    let weight = try #require(network.deltaDeltaGHead.wide).weight
    #expect(weight.count == width + 400)
    var g = SeededGenerator(seed: 37)
    for i in width..<weight.count { network.store.values[weight.offset + i] = g.nextNormal() }
    let batch = NetworkFixtures.mixedBatch(substitutionWidth: width)
    var generator = SeededGenerator(seed: 0)
    let a = try network.forward(batch, training: false, generator: &generator).prediction
    let b = try network.forward(NetworkFixtures.reversedPairs(batch), training: false, generator: &generator).prediction
    for (x, y) in zip(a.deltaDeltaG, b.deltaDeltaG) { #expect(x == -y, "ΔΔG \(x) reversed gives \(y)") }
    let plain = try NetworkFixtures.network(c, substitutionWidth: width)
    let p = try plain.forward(batch, training: false, generator: &generator).prediction
    #expect(zip(a.deltaDeltaG, p.deltaDeltaG).contains { $0 != $1 }, "product weights leave ΔΔG unchanged")
    // The key is read from JSON and needs the wide paths.
    let decoded = try ModelConfiguration.decode(Data(#"{"wideProducts": true}"#.utf8), source: "products.json")
    #expect(decoded.wideProducts)
    // Too few substitution descriptors for the one-hot products: refused naming the key.
    #expect(throws: ModelError.self) { try NetworkFixtures.network(c) }
    var bare = ModelConfiguration()
    bare.wideProducts = true
    bare.widePaths = false
    #expect(throws: ModelError.self) { try bare.validate() }
}
