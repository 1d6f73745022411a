package dev.helpline.example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small site as partners run one on Spring Boot: an article rendered by Thymeleaf, a
 * static page, a page written asynchronously. The helpline starter on the classpath and
 * {@code helpline.*} in {@code application.properties} are all it takes to get the widget.
 */
@SpringBootApplication
public class ExampleApplication {
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
