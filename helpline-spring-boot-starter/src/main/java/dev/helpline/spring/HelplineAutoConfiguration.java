package dev.helpline.spring;

import dev.helpline.core.config.ConfigException;
import dev.helpline.core.config.HelplineConfig;
import dev.helpline.servlet.HelplineFilter;
import dev.helpline.servlet.HelplineInitializer;
import dev.helpline.servlet.HelplineListener;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import javax.sql.DataSource;
import java.util.List;

/**
 * Puts the helpline widget into a Spring Boot servlet application: registers
 * {@link HelplineFilter} on {@code /*} for the REQUEST, FORWARD and ASYNC dispatches,
 * async-supported, ahead of the application's filters (and of Spring Security's, so that
 * the form's own endpoint answers itself), with its configuration read from the
 * {@code Environment} ({@link HelplineEnvironment}).
 *
 * <p>The callback outbox uses the application's {@code DataSource} when it has exactly one
 * and {@code helpline.callback.store.url} is not set; otherwise it opens that URL as in any
 * other deployment. Every {@link HelplineListener} bean hears what the filter does (the
 * Micrometer meters are one).
 *
 * <p>Backs off when the application declares its own {@code HelplineFilter} (as a bean or in
 * a {@code FilterRegistrationBean}); the {@link HelplineConfig} bean, read from the
 * Environment, stays available to such a registration.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HelplineFilter.class, FilterRegistrationBean.class})
public class HelplineAutoConfiguration {
    /**
     * Just after Boot's character-encoding and observation filters, before everything else:
     * Spring Security's chain sits at -100.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    // Both lazy: made when the registration below (or an application's own registration) asks
    // for them, so an application that configures its own filter some other way is not held
    // to helpline.* keys it never set.
    @Bean
    @Lazy
    @ConditionalOnMissingBean
    HelplineEnvironment helplineEnvironment(ConfigurableEnvironment environment) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return HelplineEnvironment.of(environment, loader != null ? loader : getClass().getClassLoader());
    }

    @Bean
    @Lazy
    @ConditionalOnMissingBean
    HelplineConfig helplineConfig(HelplineEnvironment environment) {
        try {
            return environment.load();
        } catch (ConfigException e) {
            throw new HelplineConfigurationException(e);
        }
    }

    /** The registration, unless the application declares its own HelplineFilter or registration of one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(value = HelplineFilter.class, parameterizedContainer = FilterRegistrationBean.class)
    static class Registration {
        @Bean
        FilterRegistrationBean<HelplineFilter> helplineFilterRegistration(HelplineConfig config,
                                                                         HelplineEnvironment environment,
                                                                         ObjectProvider<DataSource> dataSources,
                                                                         ObjectProvider<HelplineListener> listeners) {
            DataSource dataSource = environment.isSet("helpline.callback.store.url") ? null : dataSources.getIfUnique();
            List<HelplineListener> all = listeners.orderedStream().toList();
            HelplineFilter filter = new HelplineFilter(config, dataSource, Listeners.of(all));
            FilterRegistrationBean<HelplineFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setName(HelplineInitializer.FILTER_NAME);
            registration.addUrlPatterns("/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC);
            registration.setAsyncSupported(true);
            registration.setOrder(FILTER_ORDER);
            return registration;
        }
    }
}
