// The logistic function and its log-partner, written once in their numerically stable forms for
// the losses that read logits (interface cross-entropy, pairwise ranking) and the interface gate.

import Foundation

public enum Logistic {
    /// σ(x) = 1 / (1 + e^−x).
    @inline(__always) public static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    /// softplus(x) = log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), which never overflows.
    @inline(__always) public static func softplus(_ x: Float) -> Float { max(x, 0) + Foundation.log(1 + Foundation.exp(-abs(x))) }

    /// Binary cross-entropy of a logit x against a target y ∈ [0, 1] and its derivative in x:
    /// −[y log σ(x) + (1 − y) log(1 − σ(x))] = softplus(x) − x·y, d/dx = σ(x) − y.
    @inline(__always) public static func crossEntropy(logit x: Float, target y: Float) -> (loss: Float, gradient: Float) {
        (softplus(x) - x * y, sigmoid(x) - y)
    }
}
