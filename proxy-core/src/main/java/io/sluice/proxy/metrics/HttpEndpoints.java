package io.sluice.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Answers {@code GET /metrics} (Prometheus text, or OpenMetrics when the {@code Accept} header asks for it),
 * {@code /healthz} (200 while the process runs) and {@code /readyz} (200 while accepting clients with a database
 * reachable, 503 otherwise, draining included). Runs on the event loop; nothing here blocks.
 */
@ChannelHandler.Sharable
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(HttpEndpoints.class.getName());
    private static final String PLAIN = "text/plain; charset=utf-8";

    private final SluiceMetrics metrics;
    private final BooleanSupplier ready;

    HttpEndpoints(SluiceMetrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = text(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n");
        } else if (!HttpMethod.GET.equals(request.method()) && !head) {
            response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = switch (new QueryStringDecoder(request.uri()).path()) {
                case "/metrics" -> metrics(ctx, request.headers().get(HttpHeaderNames.ACCEPT));
                case "/healthz" -> text(ctx, HttpResponseStatus.OK, "ok\n");
                case "/readyz" -> ready.getAsBoolean() ? text(ctx, HttpResponseStatus.OK, "ready\n")
                        : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
                default -> text(ctx, HttpResponseStatus.NOT_FOUND, "not found: try /metrics, /healthz, /readyz\n");
            };
        }
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (head) {
            response.content().clear();
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse metrics(ChannelHandlerContext ctx, String accept) {
        String contentType = SluiceMetrics.contentType(accept);
        ByteBuf body = ctx.alloc().buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            metrics.scrape(out, contentType);
        } catch (IOException | RuntimeException e) {
            body.release();
            LOG.log(Level.WARNING, "metrics scrape failed: {0}", e.toString());
            return text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed\n");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        ByteBuf content = ctx.alloc().buffer(body.length());
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, PLAIN);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "metrics client {0}: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
