// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

namespace bench {

/// Order statistics over samples (nearest-rank); 0 for no samples.
double percentile(QList<double> samples, double fraction);
double median(const QList<double>& samples);

} // namespace bench
