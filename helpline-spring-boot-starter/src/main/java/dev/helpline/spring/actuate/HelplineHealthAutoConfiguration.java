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
import org.springframework.context.annotation.Configuration;

/**
 * The {@code helpline} health indicator when Actuator is present: Boot 3 and Boot 4 keep
 * the health API in different packages, so each gets its own small class, and only the one
 * whose API is on the classpath is loaded. The indicator's name comes from its bean name,
 * {@code helplineHealthIndicator}.
 */
@AutoConfiguration(after = HelplineAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HelplineFilter.class)
public class HelplineHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "helplineHealthIndicator")
        Boot3HealthIndicator helplineHealthIndicator(ObjectProvider<FilterRegistrationBean<HelplineFilter>> registrations,
                                                     ObjectProvider<HelplineFilter> filters) {
            return new Boot3HealthIndicator(HelplineFilterStatus.of(registrations, filters));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "helplineHealthIndicator")
        Boot4HealthIndicator helplineHealthIndicator(ObjectProvider<FilterRegistrationBean<HelplineFilter>> registrations,
                                                     ObjectProvider<HelplineFilter> filters) {
            return new Boot4HealthIndicator(HelplineFilterStatus.of(registrations, filters));
        }
    }
}
