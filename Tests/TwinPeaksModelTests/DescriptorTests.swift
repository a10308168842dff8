// The explicit descriptors against the calibration scripts' own feature code (`ddg.py` row_features,
// `dg.py` featurise), run on a made-up complex; plus partner symmetry and wild-type/mutant antisymmetry.

import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

/// Made-up complex 1ABC_AB_C: partner 1 = chains A (22) and B (15), partner 2 = chain C (12, with an X).
private func complex() throws -> PartnerSequences {
    try PartnerSequences(partner1Chains: "AB", partner1Sequence: "MKTAYIAKQRQISFVKSHFSRQ:GSHMLEDPVDAFQLR",
                         partner2Chains: "C", partner2Sequence: "PEPTIDEXWCLK", record: "1ABC_AB_C")
}

private func named(_ vector: [Double], _ names: [String]) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: zip(names, vector))
}

/// Every nonzero value the calibration code printed must match; every name it did not print must be 0.
private func expectMatches(_ features: [String: Double], _ reference: [String: Double], checking names: [String]) {
    for name in names {
        let expected = reference[name] ?? 0
        #expect(abs(features[name]! - expected) < 1e-9, "\(name): \(features[name]!) vs calibration \(expected)")
    }
}

// Reference: /work/shared/calibration/scripts/ddg.py `row_features` executed by a small driver on the
// complex above (SEQ/UNIT set to these chains), nonzero values printed to 12 decimals.
private let calibrationRows: [(String, [String: Double])] = [
    ("KA2A", ["mt_A": 1, "win_A": 1, "wt_K": 1, "win_M": 1, "win_T": 1, "win_Y": 1, "n_mut": 1, "blosum_sum": -1,
              "blosum_min": -1, "blosum_mean": -1, "dkd_sum": 5.7, "dkd_abs": 5.7, "dvol_sum": -80, "dvol_abs": 80,
              "dchg_sum": -1, "dchg_abs": 1, "relpos_mean": 0.047619047619, "termdist_min": 0.69314718056,
              "win_kd": 0.425, "n_to_ala": 1, "logL_mut": 3.610917912644, "logL_other": 2.484906649788]),
    ("KA2A,FB12W,IC5G", ["mt_A": 1, "win_A": 2, "win_R": 1, "win_D": 2, "win_Q": 1, "win_E": 2, "mt_G": 1, "wt_I": 1,
              "win_L": 1, "wt_K": 1, "win_M": 1, "wt_F": 1, "win_P": 1, "win_T": 2, "mt_W": 1, "win_Y": 1, "win_V": 1,
              "n_mut": 3, "log_n_mut": 1.098612288668, "blosum_sum": -4, "blosum_min": -4, "blosum_mean": -1.333333333333,
              "dkd_sum": -2.9, "dkd_abs": 14.3, "dvol_sum": -148.7, "dvol_abs": 224.5, "dchg_sum": -1, "dchg_abs": 1,
              "relpos_mean": 0.39898989899, "termdist_min": 0.69314718056, "win_kd": -0.663888888889,
              "both_partners": 1, "n_to_ala": 1, "n_gly_pro": 1, "logL_mut": 3.235580825025, "logL_other": 2.860243737407]),
    ("QA22E,PC1R", ["mt_R": 1, "win_R": 1, "wt_Q": 1, "mt_E": 1, "win_E": 1, "win_F": 1, "wt_P": 1, "win_P": 1,
              "win_S": 1, "win_T": 1, "n_mut": 2, "log_n_mut": 0.69314718056, "blosum_min": -2, "dkd_sum": -2.9,
              "dkd_abs": 2.9, "dvol_sum": 55.3, "dvol_abs": 66.1, "dchg_abs": 2, "relpos_mean": 0.5,
              "win_kd": -1.383333333333, "both_partners": 1, "n_gly_pro": 1, "logL_mut": 3.047912281216,
              "logL_other": 3.047912281216]),
]

@Test func substitutionDescriptorsHave84NamedFeatures() {
    #expect(SubstitutionDescriptors.count == 84)
    #expect(Set(SubstitutionDescriptors.featureNames).count == 84)
    #expect(SubstitutionDescriptors.substitutionNames.count == 53 && SubstitutionDescriptors.windowNames.count == 21)
}

@Test func substitutionDescriptorsMatchTheCalibrationFeatureCode() throws {
    let partners = try complex()
    // The calibration's partner-order features (frac_on_p1, logL1, nch1, …) are replaced by symmetric ones,
    // checked by hand below; everything else must agree.
    let shared = SubstitutionDescriptors.substitutionNames + SubstitutionDescriptors.windowNames
        + ["relpos_mean", "termdist_min", "both_partners", "logL_mut", "logL_other"]
    for (text, reference) in calibrationRows {
        let f = try SubstitutionDescriptors.features(of: MutationSet(parsing: text), on: partners)
        expectMatches(named(f, SubstitutionDescriptors.featureNames), reference, checking: shared)
    }
}

@Test func symmetricPartnerFeaturesByHand() throws {
    // KA2A and FB12W sit on partner 1 (37 residues, 2 chains), IC5G on partner 2 (12 residues, 1 chain).
    let f = named(try SubstitutionDescriptors.features(of: MutationSet(parsing: "KA2A,FB12W,IC5G"), on: complex()),
                  SubstitutionDescriptors.featureNames)
    #expect(abs(f["nch_mut"]! - 5.0 / 3) < 1e-12 && abs(f["nch_other"]! - 4.0 / 3) < 1e-12)
    #expect(abs(f["logL_min"]! - 2.484906649788) < 1e-9 && abs(f["logL_max"]! - 3.610917912644) < 1e-9)
    #expect(abs(f["frac_on_shorter"]! - 1.0 / 3) < 1e-12)
}

@Test func listingThePartnersTheOtherWayRoundLeavesTheDescriptorsUnchanged() throws {
    let partners = try complex()
    for text in ["KA2A", "KA2A,FB12W,IC5G", "QA22E,PC1R"] {
        let set = try MutationSet(parsing: text)
        #expect(try SubstitutionDescriptors.features(of: set, on: partners)
                == SubstitutionDescriptors.features(of: set, on: partners.swapped))
    }
    #expect(PartnerDescriptors.features(of: partners) == PartnerDescriptors.features(of: partners.swapped))
}

@Test func reversingASubstitutionMirrorsItsDescriptors() throws {
    let partners = try complex()
    let names = SubstitutionDescriptors.featureNames
    let forward = named(try SubstitutionDescriptors.features(of: MutationSet(parsing: "FB12W"), on: partners), names)
    let reverse = named(try SubstitutionDescriptors.features(of: MutationSet(parsing: "FB12W"), on: partners, direction: .reverse), names)
    for letter in AminoAcid.standard.map({ String($0.oneLetter) }) {
        #expect(forward["wt_\(letter)"] == reverse["mt_\(letter)"] && forward["mt_\(letter)"] == reverse["wt_\(letter)"])
    }
    for delta in ["dkd_sum", "dvol_sum", "dchg_sum"] { #expect(forward[delta]! == -reverse[delta]!) }
    let unchanged = ["blosum_sum", "dkd_abs", "dvol_abs", "dchg_abs", "n_gly_pro", "win_kd"] + SubstitutionDescriptors.positionNames
        + SubstitutionDescriptors.windowNames
    for name in unchanged { #expect(forward[name] == reverse[name], "\(name)") }
}

@Test func theReverseDirectionIsTheForwardDescriptionOfTheReversedSetOnTheMutant() throws {
    // Neighbouring mutations (A2, A3) make the mutant's windows differ from the wild type's.
    let partners = try complex()
    let set = try MutationSet(parsing: "KA2A,TA3G,IC5G")
    let mutant = try partners.applying(set)
    let reversedSet = MutationSet(set.mutations.map(\.reversed))
    #expect(try SubstitutionDescriptors.features(of: set, on: partners, direction: .reverse)
            == SubstitutionDescriptors.features(of: reversedSet, on: mutant))
    #expect(try SubstitutionDescriptors.features(of: reversedSet, on: mutant, direction: .reverse)
            == SubstitutionDescriptors.features(of: set, on: partners))
}

@Test func aWrongWildTypeOrUnknownChainIsAnInputErrorNamingTheRecord() throws {
    let partners = try complex()
    let error = #expect(throws: InputError.self) {
        try SubstitutionDescriptors.features(of: MutationSet(parsing: "RA2A"), on: partners, record: "rec 7")
    }
    #expect(error?.description.contains("rec 7") == true)
    #expect(throws: InputError.self) { try SubstitutionDescriptors.features(of: MutationSet(parsing: "KZ2A"), on: partners) }
    #expect(throws: InputError.self) { try SubstitutionDescriptors.features(of: MutationSet(parsing: "KA99A"), on: partners) }
}

// Reference: /work/shared/calibration/scripts/dg.py `featurise` executed by a small driver on the complex
// above (partners "MKTAYIAKQRQISFVKSHFSRQ:GSHMLEDPVDAFQLR" and "PEPTIDEXWCLK"), nonzero values printed.
private let calibrationComplex: [String: Double] = [
    "logL_min": 2.4849066497880004, "logL_max": 3.6109179126442243, "logL_sum": 6.095824562432225, "nch_min": 1,
    "nch_max": 2, "kd_sum": -1.3230958230958232, "kd_absdiff": 0.20417690417690393, "vol_sum": 283.4587223587224,
    "vol_absdiff": 1.5776412776412485, "qfrac_sum": -0.08018018018018017, "qfrac_absdiff": 0.2531531531531531,
    "charged_sum": 0.606879606879607, "charged_absdiff": 0.12039312039312039, "arom_sum": 0.2530712530712531,
    "arom_absdiff": 0.07125307125307126, "polar_sum": 0.5061425061425062, "polar_absdiff": 0.14250614250614252,
    "cys_sum": 0.09090909090909091, "cys_absdiff": 0.09090909090909091, "glypro_sum": 0.23587223587223588,
    "glypro_absdiff": 0.12776412776412777, "q_prod": -6.4, "qfrac_prod": -0.014414414414414415,
    "kd_prod": 0.42722358722358733, "kd_small": -0.7636363636363636, "qfrac_small": -0.16666666666666666,
    "arom_small": 0.09090909090909091, "comp_sum_A": 0.08108108108108109, "comp_absdiff_A": 0.08108108108108109,
    "comp_sum_R": 0.08108108108108109, "comp_absdiff_R": 0.08108108108108109, "comp_sum_D": 0.14496314496314497,
    "comp_absdiff_D": 0.036855036855036855, "comp_sum_C": 0.09090909090909091, "comp_absdiff_C": 0.09090909090909091,
    "comp_sum_Q": 0.10810810810810811, "comp_absdiff_Q": 0.10810810810810811, "comp_sum_E": 0.20884520884520885,
    "comp_absdiff_E": 0.1547911547911548, "comp_sum_G": 0.02702702702702703, "comp_absdiff_G": 0.02702702702702703,
    "comp_sum_H": 0.05405405405405406, "comp_absdiff_H": 0.05405405405405406, "comp_sum_I": 0.14496314496314497,
    "comp_absdiff_I": 0.036855036855036855, "comp_sum_L": 0.14496314496314497, "comp_absdiff_L": 0.036855036855036855,
    "comp_sum_K": 0.171990171990172, "comp_absdiff_K": 0.009828009828009826, "comp_sum_M": 0.05405405405405406,
    "comp_absdiff_M": 0.05405405405405406, "comp_sum_F": 0.08108108108108109, "comp_absdiff_F": 0.08108108108108109,
    "comp_sum_P": 0.20884520884520885, "comp_absdiff_P": 0.1547911547911548, "comp_sum_S": 0.10810810810810811,
    "comp_absdiff_S": 0.10810810810810811, "comp_sum_T": 0.11793611793611794, "comp_absdiff_T": 0.06388206388206388,
    "comp_sum_W": 0.09090909090909091, "comp_absdiff_W": 0.09090909090909091, "comp_sum_Y": 0.02702702702702703,
    "comp_absdiff_Y": 0.02702702702702703, "comp_sum_V": 0.05405405405405406, "comp_absdiff_V": 0.05405405405405406,
]

@Test func partnerDescriptorsMatchTheCalibrationFeatureCode() throws {
    #expect(PartnerDescriptors.count == 67 && Set(PartnerDescriptors.featureNames).count == 67)
    let f = named(PartnerDescriptors.features(of: try complex()), PartnerDescriptors.featureNames)
    expectMatches(f, calibrationComplex, checking: PartnerDescriptors.featureNames)
}

@Test func equalLengthPartnersAverageTheirShorterPartnerValues() throws {
    let partners = try PartnerSequences(partner1Chains: "A", partner1Sequence: "KKKK", partner2Chains: "B", partner2Sequence: "DDDD")
    let f = named(PartnerDescriptors.features(of: partners), PartnerDescriptors.featureNames)
    #expect(f["qfrac_small"] == 0 && f["qfrac_absdiff"] == 2 && f["q_prod"] == -16)
}

@Test func malformedPartnerColumnsAreInputErrors() {
    #expect(throws: InputError.self) {
        try PartnerSequences(partner1Chains: "AB", partner1Sequence: "MKT", partner2Chains: "C", partner2Sequence: "PEP")
    }
    #expect(throws: InputError.self) {
        try PartnerSequences(partner1Chains: "A", partner1Sequence: "MKT", partner2Chains: "A", partner2Sequence: "PEP")
    }
    #expect(throws: InputError.self) {
        try PartnerSequences(partner1Chains: "A", partner1Sequence: "MK1", partner2Chains: "B", partner2Sequence: "PEP")
    }
}
