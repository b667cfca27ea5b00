package dev.patchbay.handler.echo.internal;

import java.nio.ByteBuffer;

import dev.patchbay.api.handler.HandlerConstants;
import dev.patchbay.api.handler.ProtocolHandler;
import dev.patchbay.api.handler.Session;

import org.osgi.service.component.annotations.Component;

/**
 * RFC 862 echo: sends every frame back as it came. With the line codec that is every line;
 * with the raw codec every byte.
 */
@Component(property = HandlerConstants.HANDLER_NAME + "=echo")
public class EchoHandler implements ProtocolHandler {

    @Override
    public void received(Session session, ByteBuffer frame) {
        session.write(frame);
    }
}
