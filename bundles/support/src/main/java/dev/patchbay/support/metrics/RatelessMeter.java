package dev.patchbay.support.metrics;

import com.codahale.metrics.Meter;

/**
 * A {@link Meter} that keeps no moving averages: rates are Prometheus' job ({@code rate()}), and
 * a stock Meter's averages cost a clock read and three updates per mark. Every rate reports zero
 * unless a subclass can compute one for nothing. Exported as a Meter because the Prometheus
 * bridge turns a Meter into a counter ({@code _total}) and a Dropwizard Counter into a gauge.
 */
public abstract class RatelessMeter extends Meter {

    @Override
    public double getMeanRate() {
        return 0.0;
    }

    @Override
    public double getOneMinuteRate() {
        return 0.0;
    }

    @Override
    public double getFiveMinuteRate() {
        return 0.0;
    }

    @Override
    public double getFifteenMinuteRate() {
        return 0.0;
    }
}
