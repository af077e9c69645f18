#include "store_samples.h"

void appendTargetSample(dw::SeriesStore& store, const std::string& name, dw::Labels labels, std::int64_t t,
                        double v, const std::string& instance) {
    labels.push_back({"__name__", name});
    labels.push_back({"job", "compozy"});
    labels.push_back({"instance", instance});
    dw::sortLabels(labels);
    std::vector<dw::LabelView> views;
    for (const dw::Label& l : labels)
        views.push_back({l.name, l.value});
    dw::SeriesStore::Writer writer(store);
    writer.append(writer.getOrCreate(views), t, v);
}
