# TwinPeaks: build, test, and one target per pipeline stage.
# Each stage target is a file the next stage depends on, so `make` reruns only what changed.

SWIFT      ?= swift
BUILD_DIR  ?= .build
BIN         = $(BUILD_DIR)/release/twinpeaks
WORK       ?= work
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the project needs; `make setup` installs the ones that are missing.
# libxgboost-dev: the gradient-boosted trees; slurm-wlm and munge: the one-node SLURM that
# `make test-slurm` starts.
DEB_PACKAGES = pkg-config libopenblas-dev libhdf5-dev zlib1g-dev libxgboost-dev mmseqs2 slurm-wlm munge

.PHONY: setup build test test-slurm bench fuzz data embed esm2-scores split train evaluate select predict example all clean

setup:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "setup: all Debian packages present"; fi

build:
	$(SWIFT) build -c release --product twinpeaks

$(BIN): Package.swift $(shell find Sources -name '*.swift' -o -name '*.h' -o -name '*.modulemap')
	$(SWIFT) build -c release --product twinpeaks

# Tests run one at a time: Debian's OpenBLAS (pthreads build) is not safe for concurrent calls from
# several threads, and the training tests assert bitwise-identical runs.
test:
	$(SWIFT) test --no-parallel
	$(MAKE) test-slurm

# The SLURM batch scripts of Pipelines/slurm on a one-node SLURM started here (root; about 30 s).
# SKIP_SLURM=1 leaves it out, e.g. on a machine where you are not root.
test-slurm: $(BIN)
	@if [ -n "$(SKIP_SLURM)" ]; then echo "test-slurm: skipped (SKIP_SLURM set)"; else bash Tests/slurm/run-slurm-tests.sh; fi

bench:
	$(SWIFT) build -c release --product twinpeaks
	$(SWIFT) build -c release --product twinpeaks-bench
	$(BUILD_DIR)/release/twinpeaks-bench

# fuzz: libFuzzer on every reader of user files (Fuzz/: a package of its own, so `make test` and CI
# never build it), FUZZ_SECONDS per target, corpora seeded from Reference/ and kept in FUZZ_CORPUS
# between runs; inputs that crash land in FUZZ_CORPUS/crashes/TARGET/ and make the target fail.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= fasta mutations skempi pdb mmcif folds config pair hdf5
FUZZ_CORPUS  ?= $(WORK)/fuzz
FUZZ_BIN      = Fuzz/.build/debug/twinpeaks-fuzz
fuzz:
	cd Fuzz && $(SWIFT) build -c debug -Xswiftc -sanitize=fuzzer,address
	Fuzz/seed-corpora.sh $(FUZZ_BIN) $(FUZZ_CORPUS)
	Fuzz/run-targets.sh $(FUZZ_BIN) $(FUZZ_CORPUS) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# --- pipeline stages -------------------------------------------------------------------------
data: $(WORK)/dataset/provenance.json

# prepare: Reference/ (SKEMPI v2 + cleaned structures, PDBbind) → complexes.tsv, mutations.tsv,
# sequences.fasta; provenance.json is written last and is the target.
$(WORK)/dataset/provenance.json: $(BIN) $(wildcard Reference/skempi/*.csv* Reference/skempi/pdbs/* Reference/pdbbind/*)
	$(BIN) prepare --reference Reference --output $(WORK)/dataset

# EMBED_FLAGS: e.g. `--provider esm2 --weights work/esm2_t12_35M.h5 --threads 2` (ESM-2 computed here, from
# `twinpeaks convert-esm2`), or `--import esm2.h5 --format plain --name esm2_t33_650M_UR50D --layer 33 --storage float16`.
embed: $(WORK)/embeddings.h5

$(WORK)/embeddings.h5: $(BIN) $(WORK)/dataset/provenance.json
	$(BIN) embed --dataset $(WORK)/dataset --output $@ $(EMBED_FLAGS)

# esm2-scores: with ESM2_WEIGHTS=FILE (from `twinpeaks convert-esm2`, a checkpoint with its LM head), the
# zero-shot masked-marginal score of every mutant record; `evaluate` then reports it as its own baseline
# row and gives it to the ridge, the trees and the wide path as an 85th descriptor. Without
# ESM2_WEIGHTS neither happens. ESM2_FLAGS: e.g. `--threads 2`.
ESM2_WEIGHTS ?=
ESM2_SCORES = $(if $(ESM2_WEIGHTS),$(WORK)/esm2-scores.tsv)
esm2-scores: $(ESM2_SCORES)

$(WORK)/esm2-scores.tsv: $(BIN) $(WORK)/dataset/provenance.json $(ESM2_WEIGHTS)
	$(BIN) score-esm2 --weights $(ESM2_WEIGHTS) --dataset $(WORK)/dataset --output $@ $(ESM2_FLAGS)

# split: the dataset's complexes → work/splits/RULE.tsv (fold, complex_id, role) + RULE.report.md, and
# RULE.report.json written last (the target). strict runs first and caches the chain families
# (families.tsv, MMseqs2, minutes); the other rules reuse them. SPLIT_FLAGS: e.g. `--seed 2 --holdouts 5`.
SPLIT_RULES = strict pair random rde-3fold cath-holdout
split: $(foreach rule,$(SPLIT_RULES),$(WORK)/splits/$(rule).report.json)

$(WORK)/splits/strict.report.json: $(BIN) $(WORK)/dataset/provenance.json $(wildcard Reference/domains/*.gz)
	$(BIN) split --dataset $(WORK)/dataset --reference Reference --rule strict --output $(WORK)/splits/strict.tsv $(SPLIT_FLAGS)

$(WORK)/splits/%.report.json: $(BIN) $(WORK)/dataset/provenance.json $(wildcard Reference/domains/*.gz Reference/splits/*.tsv) | $(WORK)/splits/strict.report.json
	$(BIN) split --dataset $(WORK)/dataset --reference Reference --rule $* --output $(WORK)/splits/$*.tsv $(SPLIT_FLAGS)

# train: the network on every complex (both heads), early stopping on a family-disjoint slice, the
# gradient-boosted trees per task, and the stack of both fitted on STACK_FOLDS-fold out-of-fold
# predictions (each inner fold is one more network training; STACK_FOLDS=0 skips the stack).
# MODEL_FLAGS: e.g. `--preset paper-faithful`, `--config my.json`, `--ensemble 3`, `--embeddings work/embeddings.h5`.
STACK_FOLDS ?= 3
train: $(WORK)/model/provenance.json

$(WORK)/model/provenance.json: $(BIN) $(WORK)/dataset/provenance.json $(WORK)/splits/strict.report.json
	$(BIN) train --dataset $(WORK)/dataset --families $(WORK)/splits/families.tsv --output $(WORK)/model \
	  --stack-folds $(STACK_FOLDS) $(MODEL_FLAGS)

# evaluate: train and score on the three splits of DESIGN.md beside the baselines (trees included) and
# the stack fitted inside each training fold (out-of-fold, pooled); with ESM2_WEIGHTS, beside the
# ESM-2 zero-shot score too (see esm2-scores).
EVALUATION ?= $(WORK)/evaluation
evaluate: $(EVALUATION)/provenance.json

$(EVALUATION)/provenance.json: $(BIN) $(WORK)/dataset/provenance.json $(foreach r,strict cath-holdout rde-3fold,$(WORK)/splits/$(r).report.json) $(ESM2_SCORES)
	$(BIN) evaluate --dataset $(WORK)/dataset --families $(WORK)/splits/families.tsv --output $(EVALUATION) \
	  --split family-disjoint=$(WORK)/splits/strict.tsv \
	  --split skempi-cath-holdout=$(WORK)/splits/cath-holdout.tsv \
	  --split skempi-rde-3fold=$(WORK)/splits/rde-3fold.tsv --stop-by-complex skempi-rde-3fold \
	  --stack-folds $(STACK_FOLDS) $(MODEL_FLAGS) \
	  $(if $(ESM2_SCORES),--esm2-scores $(ESM2_SCORES))

# select: per task, the network, the trees or the stack, whichever the evaluation scored best;
# recorded as "shipped" in work/model/metrics.json, which predict follows.
select: $(WORK)/model/metrics.json

$(WORK)/model/metrics.json: $(BIN) $(WORK)/model/provenance.json $(EVALUATION)/provenance.json
	$(BIN) select --model $(WORK)/model --metrics $(EVALUATION)/metrics.json

# predict: the trained model (work/model) on the FASTA pairs and mutations of PREDICT_INPUT.
PREDICT_INPUT ?= --partner1 Reference/examples/partner1.fasta --partner2 Reference/examples/partner2.fasta --mutations Reference/examples/mutations.tsv
predict: $(WORK)/predictions.tsv

$(WORK)/predictions.tsv: $(BIN) $(WORK)/model/provenance.json $(WORK)/model/metrics.json
	$(BIN) predict --model $(WORK)/model $(PREDICT_INPUT) --output $@

# example: the shipped reference model on the shipped examples, printed (no training needed).
example: $(BIN)
	$(BIN) predict --model Reference/models/twinpeaks-descriptors $(PREDICT_INPUT)

# all: the whole chain from Reference/.
all: $(WORK)/predictions.tsv $(EVALUATION)/provenance.json

clean:
	rm -rf $(BUILD_DIR) $(WORK)
