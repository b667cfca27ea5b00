package dev.patchbay.support.config;

/** Stands for an {@code @ObjectClassDefinition} interface; its metatype is a test resource. */
@interface SampleConfig {
}
