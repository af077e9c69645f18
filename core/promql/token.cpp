#include "promql/token.h"

namespace dw::promql {

std::string_view tokenKindName(TokenKind kind) {
    switch (kind) {
    case TokenKind::End:
        return "end of input";
    case TokenKind::Error:
        return "error";
    case TokenKind::Identifier:
        return "identifier";
    case TokenKind::MetricIdentifier:
        return "metric identifier";
    case TokenKind::Number:
        return "number";
    case TokenKind::Duration:
        return "duration";
    case TokenKind::String:
        return "string";
    case TokenKind::LeftParen:
        return "\"(\"";
    case TokenKind::RightParen:
        return "\")\"";
    case TokenKind::LeftBrace:
        return "\"{\"";
    case TokenKind::RightBrace:
        return "\"}\"";
    case TokenKind::LeftBracket:
        return "\"[\"";
    case TokenKind::RightBracket:
        return "\"]\"";
    case TokenKind::Comma:
        return "\",\"";
    case TokenKind::Colon:
        return "\":\"";
    case TokenKind::At:
        return "\"@\"";
    case TokenKind::Add:
        return "\"+\"";
    case TokenKind::Sub:
        return "\"-\"";
    case TokenKind::Mul:
        return "\"*\"";
    case TokenKind::Div:
        return "\"/\"";
    case TokenKind::Mod:
        return "\"%\"";
    case TokenKind::Pow:
        return "\"^\"";
    case TokenKind::Eql:
        return "\"==\"";
    case TokenKind::Neq:
        return "\"!=\"";
    case TokenKind::Lss:
        return "\"<\"";
    case TokenKind::Lte:
        return "\"<=\"";
    case TokenKind::Gtr:
        return "\">\"";
    case TokenKind::Gte:
        return "\">=\"";
    case TokenKind::Assign:
        return "\"=\"";
    case TokenKind::EqlRegex:
        return "\"=~\"";
    case TokenKind::NeqRegex:
        return "\"!~\"";
    case TokenKind::And:
        return "and";
    case TokenKind::Or:
        return "or";
    case TokenKind::Unless:
        return "unless";
    case TokenKind::Atan2:
        return "atan2";
    case TokenKind::By:
        return "by";
    case TokenKind::Without:
        return "without";
    case TokenKind::On:
        return "on";
    case TokenKind::Ignoring:
        return "ignoring";
    case TokenKind::GroupLeft:
        return "group_left";
    case TokenKind::GroupRight:
        return "group_right";
    case TokenKind::Bool:
        return "bool";
    case TokenKind::Offset:
        return "offset";
    case TokenKind::Start:
        return "start";
    case TokenKind::End_:
        return "end";
    case TokenKind::Sum:
        return "sum";
    case TokenKind::Avg:
        return "avg";
    case TokenKind::Count:
        return "count";
    case TokenKind::Min:
        return "min";
    case TokenKind::Max:
        return "max";
    case TokenKind::Group:
        return "group";
    case TokenKind::Stddev:
        return "stddev";
    case TokenKind::Stdvar:
        return "stdvar";
    case TokenKind::Topk:
        return "topk";
    case TokenKind::Bottomk:
        return "bottomk";
    case TokenKind::CountValues:
        return "count_values";
    case TokenKind::Quantile:
        return "quantile";
    case TokenKind::Limitk:
        return "limitk";
    case TokenKind::LimitRatio:
        return "limit_ratio";
    }
    return "token";
}

bool isAggregator(TokenKind kind) {
    return kind >= TokenKind::Sum && kind <= TokenKind::LimitRatio;
}

bool isKeyword(TokenKind kind) {
    return kind >= TokenKind::And && kind <= TokenKind::End_;
}

} // namespace dw::promql
