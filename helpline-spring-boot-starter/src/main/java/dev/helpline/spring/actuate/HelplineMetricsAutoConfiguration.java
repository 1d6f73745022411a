package dev.helpline.spring.actuate;

import dev.helpline.servlet.HelplineFilter;
import dev.helpline.spring.HelplineAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the helpline ({@link HelplineMetrics}) when Micrometer is on the
 * classpath; Boot binds them to every registry it has.
 */
@AutoConfiguration(after = HelplineAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder", value = HelplineFilter.class)
public class HelplineMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    HelplineMetrics helplineMetrics(ObjectProvider<FilterRegistrationBean<HelplineFilter>> registrations,
                                    ObjectProvider<HelplineFilter> filters) {
        return new HelplineMetrics(HelplineFilterStatus.of(registrations, filters));
    }
}
