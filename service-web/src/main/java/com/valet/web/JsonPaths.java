package com.valet.web;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMatrix;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Where an error is in the request, written as the client sees it: {@code items[3].label}. */
final class JsonPaths {
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private JsonPaths() {
    }

    /** The path of a Jackson reference chain, whose names are already the JSON names. */
    static String of(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The path of the value a parser was at, e.g. where a number did not fit its type. */
    static String of(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            } else if (c.inArray()) {
                path.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The field of a Bean Validation violation. The method and parameter nodes of a resource method's
     * violation ({@code create.body.items[3].label}) are dropped, Java property names become snake_case
     * (all our JSON is), list indexes and map keys stay in brackets. A violation of a parameter itself
     * (a query, path, header... parameter) is named as the client sends it (the annotation's name); of
     * a body as a whole it is {@code ""}.
     */
    static String of(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            switch (kind) {
                case METHOD -> method = node.as(Path.MethodNode.class);
                case CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> parameter = node.as(Path.ParameterNode.class);
                default -> {
                    if (node.isInIterable()) {
                        Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                        path.append('[').append(at == null ? "" : at).append(']');
                    }
                    // BEAN and CONTAINER_ELEMENT nodes name no JSON member (<list element>, <map value>)
                    if (kind == ElementKind.PROPERTY && node.getName() != null) {
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        path.append(snakeCase(node.getName()));
                    }
                }
            }
        }
        if (path.isEmpty() && parameter != null) {
            return requestParameterName(violation.getRootBeanClass(), method, parameter);
        }
        return path.toString();
    }

    static String snakeCase(String javaName) {
        return SNAKE_CASE.translate(javaName);
    }

    /** A query/path/header/... parameter by the name the client uses; the body by {@code ""}. */
    private static String requestParameterName(Class<?> resource, Path.MethodNode methodNode,
                                               Path.ParameterNode parameterNode) {
        if (resource == null || methodNode == null) {
            return snakeCase(parameterNode.getName());
        }
        Class<?>[] types = methodNode.getParameterTypes().toArray(Class<?>[]::new);
        int index = parameterNode.getParameterIndex();
        boolean found = false;
        // a generated subclass may redeclare the method without the annotations: look up the hierarchy
        for (Class<?> c = resource; c != null && c != Object.class; c = c.getSuperclass()) {
            Method method;
            try {
                method = c.getDeclaredMethod(methodNode.getName(), types);
            } catch (NoSuchMethodException e) {
                continue;
            }
            found = true;
            Parameter[] parameters = method.getParameters();
            if (index < parameters.length) {
                for (Annotation annotation : parameters[index].getAnnotations()) {
                    String name = requestName(annotation, parameterNode.getName());
                    if (name != null) {
                        return name;
                    }
                }
            }
        }
        return found ? "" : snakeCase(parameterNode.getName());
    }

    private static String requestName(Annotation a, String javaName) {
        if (a instanceof QueryParam q) {
            return q.value();
        } else if (a instanceof PathParam p) {
            return p.value();
        } else if (a instanceof HeaderParam h) {
            return h.value();
        } else if (a instanceof CookieParam c) {
            return c.value();
        } else if (a instanceof FormParam f) {
            return f.value();
        } else if (a instanceof MatrixParam m) {
            return m.value();
        } else if (a instanceof RestQuery q) {
            return orJavaName(q.value(), javaName);
        } else if (a instanceof RestPath p) {
            return orJavaName(p.value(), javaName);
        } else if (a instanceof RestHeader h) {
            return orJavaName(h.value(), javaName);
        } else if (a instanceof RestCookie c) {
            return orJavaName(c.value(), javaName);
        } else if (a instanceof RestForm f) {
            return orJavaName(f.value(), javaName);
        } else if (a instanceof RestMatrix m) {
            return orJavaName(m.value(), javaName);
        }
        return null;
    }

    private static String orJavaName(String value, String javaName) {
        return value == null || value.isEmpty() ? javaName : value;
    }
}
