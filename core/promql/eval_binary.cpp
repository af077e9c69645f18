// Binary operators: arithmetic, comparisons (filtering or bool), set operators, and vector matching.
#include "promql/evaluator.h"
#include "promql/label_set.h"

#include <cmath>
#include <unordered_map>

namespace dw::promql {

namespace {

bool isComparison(TokenKind op) {
    switch (op) {
    case TokenKind::Eql:
    case TokenKind::Neq:
    case TokenKind::Gtr:
    case TokenKind::Lss:
    case TokenKind::Gte:
    case TokenKind::Lte:
        return true;
    default:
        return false;
    }
}

// Prometheus 3 drops the name for atan2 too; Prometheus 2 keeps it.
bool dropsName(TokenKind op, Generation generation) {
    if (op == TokenKind::Atan2) return generation == Generation::Prometheus3;
    switch (op) {
    case TokenKind::Add:
    case TokenKind::Sub:
    case TokenKind::Mul:
    case TokenKind::Div:
    case TokenKind::Pow:
    case TokenKind::Mod:
        return true;
    default:
        return false;
    }
}

// Prometheus's vectorElemBinop: the value, and whether a comparison keeps the sample.
std::pair<double, bool> apply(TokenKind op, double l, double r) {
    switch (op) {
    case TokenKind::Add:
        return {l + r, true};
    case TokenKind::Sub:
        return {l - r, true};
    case TokenKind::Mul:
        return {l * r, true};
    case TokenKind::Div:
        return {l / r, true};
    case TokenKind::Pow:
        return {std::pow(l, r), true};
    case TokenKind::Mod:
        return {std::fmod(l, r), true};
    case TokenKind::Atan2:
        return {std::atan2(l, r), true};
    case TokenKind::Eql:
        return {l, l == r};
    case TokenKind::Neq:
        return {l, l != r};
    case TokenKind::Gtr:
        return {l, l > r};
    case TokenKind::Lss:
        return {l, l < r};
    case TokenKind::Gte:
        return {l, l >= r};
    case TokenKind::Lte:
        return {l, l <= r};
    default:
        throw EvalError("operator \"" + std::string(tokenKindName(op)) +
                        "\" not allowed for binary operation");
    }
}

std::vector<std::uint32_t> presentCount(const Value& v, std::size_t steps) {
    std::vector<std::uint32_t> count(steps, 0);
    for (const StepSeries& s : v.series)
        for (std::size_t i = 0; i < steps; ++i)
            if (isPresent(s.values[i])) ++count[i];
    return count;
}

Value scalarScalar(TokenKind op, const Value& l, const Value& r, std::size_t steps) {
    Value out = l;
    for (std::size_t i = 0; i < steps; ++i) {
        const auto [value, keep] = apply(op, l.series[0].values[i], r.series[0].values[i]);
        out.series[0].values[i] = isComparison(op) ? (keep ? 1 : 0) : value;
    }
    return out;
}

Value vectorScalar(const Binary& b, Value vector, const Value& scalar, bool scalarOnLeft, std::size_t steps,
                   Generation generation) {
    const std::vector<double>& sv = scalar.series[0].values;
    for (StepSeries& s : vector.series) {
        for (std::size_t i = 0; i < steps; ++i) {
            double& v = s.values[i];
            if (!isPresent(v)) continue;
            const double l = scalarOnLeft ? sv[i] : v, r = scalarOnLeft ? v : sv[i];
            auto [value, keep] = apply(b.op, l, r);
            // A comparison always keeps the vector's value, whichever side it is on.
            if (isComparison(b.op) && scalarOnLeft) value = r;
            if (b.returnBool) {
                value = keep ? 1 : 0;
                keep = true;
            }
            v = keep ? value : absentValue();
        }
        if (dropsName(b.op, generation) || b.returnBool) dropMetricName(s.labels);
    }
    std::erase_if(vector.series, [](const StepSeries& s) { return !s.anyPresent(); });
    mergeSameLabels(vector.series);
    return vector;
}

struct SignatureGroups {
    std::vector<std::uint64_t> ofSeries;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> members;
};

SignatureGroups signatures(const Value& v, const VectorMatching& m) {
    SignatureGroups g;
    for (std::size_t s = 0; s < v.series.size(); ++s) {
        const std::uint64_t sig = matchingSignature(v.series[s].labels, m.labels, m.on);
        g.ofSeries.push_back(sig);
        g.members[sig].push_back(s);
    }
    return g;
}

// Per signature, whether any series of the group has a value at each step.
std::unordered_map<std::uint64_t, std::vector<char>> presence(const Value& v, const SignatureGroups& g,
                                                              std::size_t steps) {
    std::unordered_map<std::uint64_t, std::vector<char>> out;
    for (const auto& [sig, members] : g.members) {
        std::vector<char>& p = out[sig];
        p.assign(steps, 0);
        for (const std::size_t s : members)
            for (std::size_t i = 0; i < steps; ++i)
                p[i] |= isPresent(v.series[s].values[i]) ? 1 : 0;
    }
    return out;
}

Value setOperation(TokenKind op, Value lhs, Value rhs, const VectorMatching& m, std::size_t steps) {
    const SignatureGroups lg = signatures(lhs, m), rg = signatures(rhs, m);
    const auto lhsCount = presentCount(lhs, steps), rhsCount = presentCount(rhs, steps);
    if (op == TokenKind::Or) {
        const auto lhsPresence = presence(lhs, lg, steps);
        for (std::size_t s = 0; s < rhs.series.size(); ++s) {
            const auto it = lhsPresence.find(rg.ofSeries[s]);
            if (it == lhsPresence.end()) continue;
            for (std::size_t i = 0; i < steps; ++i)
                if (it->second[i]) rhs.series[s].values[i] = absentValue();
        }
        for (StepSeries& s : rhs.series)
            lhs.series.push_back(std::move(s));
    } else {
        const auto rhsPresence = presence(rhs, rg, steps);
        const bool keepMatched = op == TokenKind::And;
        for (std::size_t s = 0; s < lhs.series.size(); ++s) {
            const auto it = rhsPresence.find(lg.ofSeries[s]);
            for (std::size_t i = 0; i < steps; ++i) {
                // "and" with an empty side at this step is empty; "unless" an empty right side keeps all.
                const bool matched = it != rhsPresence.end() && it->second[i];
                if (keepMatched ? (!matched || rhsCount[i] == 0) : matched)
                    lhs.series[s].values[i] = absentValue();
            }
        }
    }
    std::erase_if(lhs.series, [](const StepSeries& s) { return !s.anyPresent(); });
    mergeSameLabels(lhs.series);
    return lhs;
}

Labels resultLabels(const Labels& many, const Labels& one, const Binary& b, const VectorMatching& m,
                    Generation generation) {
    Labels labels = many;
    if (dropsName(b.op, generation) || b.returnBool) dropMetricName(labels);
    if (m.cardinality == VectorMatching::Cardinality::OneToOne) {
        if (m.on)
            std::erase_if(labels, [&](const Label& l) { return !containsName(m.labels, l.name); });
        else
            std::erase_if(labels, [&](const Label& l) { return containsName(m.labels, l.name); });
    }
    for (const std::string& name : m.include)
        setLabel(labels, name, labelValue(one, name));
    return labels;
}

Value vectorVector(const Binary& b, const Value& lhs, const Value& rhs, std::size_t steps,
                   Generation generation) {
    const VectorMatching& m = *b.matching;
    const bool swap = m.cardinality == VectorMatching::Cardinality::OneToMany;
    const Value& many = swap ? rhs : lhs;
    const Value& one = swap ? lhs : rhs;
    const SignatureGroups manyGroups = signatures(many, m), oneGroups = signatures(one, m);
    const auto manyCount = presentCount(many, steps), oneCount = presentCount(one, steps);

    // The "one" side must have at most one series per signature at any step where matching happens.
    // Checked step by step in series order, so the error names the series Prometheus names.
    std::vector<std::size_t> shared;
    for (std::size_t s = 0; s < one.series.size(); ++s)
        if (oneGroups.members.at(oneGroups.ofSeries[s]).size() > 1) shared.push_back(s);
    if (!shared.empty()) {
        std::unordered_map<std::uint64_t, std::size_t> firstAtStep;
        for (std::size_t i = 0; i < steps; ++i) {
            if (manyCount[i] == 0) continue;
            firstAtStep.clear();
            for (const std::size_t s : shared) {
                if (!isPresent(one.series[s].values[i])) continue;
                const auto [it, inserted] = firstAtStep.emplace(oneGroups.ofSeries[s], s);
                if (inserted) continue;
                throw EvalError(
                    "found duplicate series for the match group " +
                    labelsToString(matchingLabels(one.series[s].labels, m.labels, m.on)) + " on the " +
                    (swap ? "left" : "right") + " hand-side of the operation: [" +
                    labelsToString(one.series[s].labels) + ", " +
                    labelsToString(one.series[it->second].labels) +
                    "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
    }

    struct Output {
        std::uint64_t signature;
        StepSeries series;
        std::vector<char> claimed; // steps a pair has matched into, kept or filtered
    };
    std::vector<Output> outputs;
    std::unordered_map<std::uint64_t, std::size_t> outputIndex;           // by result labels
    std::unordered_map<std::uint64_t, std::vector<char>> matchedOneToOne; // by signature
    std::unordered_map<std::uint64_t, std::size_t> pairOutput;            // (many, one) pair
    for (std::size_t s = 0; s < many.series.size(); ++s) {
        const std::uint64_t sig = manyGroups.ofSeries[s];
        const auto group = oneGroups.members.find(sig);
        if (group == oneGroups.members.end()) continue;
        const std::vector<double>& mv = many.series[s].values;
        for (std::size_t i = 0; i < steps; ++i) {
            if (!isPresent(mv[i]) || oneCount[i] == 0) continue;
            std::size_t partner = SIZE_MAX;
            for (const std::size_t j : group->second)
                if (isPresent(one.series[j].values[i])) partner = j;
            if (partner == SIZE_MAX) continue;
            double l = mv[i], r = one.series[partner].values[i];
            if (swap) std::swap(l, r);
            auto [value, keep] = apply(b.op, l, r);
            // Prometheus 3 checks matching before a comparison filters; Prometheus 2 only what survives.
            const bool filtered = !b.returnBool && !keep;
            if (b.returnBool) value = keep ? 1 : 0;
            if (filtered && generation == Generation::Prometheus2) continue;
            if (m.cardinality == VectorMatching::Cardinality::OneToOne) {
                std::vector<char>& matched = matchedOneToOne[sig];
                if (matched.empty()) matched.assign(steps, 0);
                if (matched[i])
                    throw EvalError("multiple matches for labels: many-to-one matching must be explicit "
                                    "(group_left/group_right)");
                matched[i] = 1;
            }
            const std::uint64_t pairKey = std::uint64_t(s) << 32 | std::uint64_t(partner);
            auto pair = pairOutput.find(pairKey);
            if (pair == pairOutput.end()) {
                Labels labels =
                    resultLabels(many.series[s].labels, one.series[partner].labels, b, m, generation);
                const auto [it, inserted] = outputIndex.emplace(hashLabels(labels), outputs.size());
                if (inserted)
                    outputs.push_back(
                        {sig, {std::move(labels), std::vector<double>(steps, absentValue())}, {}});
                pair = pairOutput.emplace(pairKey, it->second).first;
            }
            Output& out = outputs[pair->second];
            if (out.claimed.empty()) out.claimed.assign(steps, 0);
            if (out.claimed[i]) {
                if (out.signature == sig)
                    throw EvalError(
                        "multiple matches for labels: grouping labels must ensure unique matches");
                throw EvalError("vector cannot contain metrics with the same labelset");
            }
            out.claimed[i] = 1;
            if (!filtered) out.series.values[i] = value;
        }
    }
    Value result;
    for (Output& o : outputs)
        if (o.series.anyPresent()) result.series.push_back(std::move(o.series));
    return result;
}

} // namespace

Value Evaluator::evalBinary(const Binary& b, const StepGrid& grid) {
    Value lhs = eval(*b.lhs, grid);
    Value rhs = eval(*b.rhs, grid);
    const bool lScalar = lhs.type == ValueType::Scalar, rScalar = rhs.type == ValueType::Scalar;
    if (lScalar && rScalar) return scalarScalar(b.op, lhs, rhs, grid.count);
    if (rScalar) return vectorScalar(b, std::move(lhs), rhs, false, grid.count, generation());
    if (lScalar) return vectorScalar(b, std::move(rhs), lhs, true, grid.count, generation());
    const VectorMatching matching = b.matching ? *b.matching : VectorMatching{};
    if (b.op == TokenKind::And || b.op == TokenKind::Or || b.op == TokenKind::Unless)
        return setOperation(b.op, std::move(lhs), std::move(rhs), matching, grid.count);
    Binary withMatching{b.op, nullptr, nullptr, b.returnBool, matching};
    return vectorVector(withMatching, lhs, rhs, grid.count, generation());
}

} // namespace dw::promql
