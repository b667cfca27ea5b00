package dev.patchbay.benchmarks;

import java.io.IOException;
import java.io.InputStream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The Netty baseline: a Netty 4.1 echo server (NIO transport, pooled buffers, Netty defaults).
 * Each received {@code ByteBuf} is written back as is, and the channel is flushed once per read
 * burst ({@code channelReadComplete}), as Netty's own echo example does.
 *
 * <pre>
 * java -cp 'target/patchbay-benchmarks-*.jar:target/lib/*' dev.patchbay.benchmarks.NettyEchoServer 7101
 *   [--host 127.0.0.1] [--io-threads N] [--exit-on-stdin-eof]
 * </pre>
 *
 * The event loop count defaults to the number of cores (the same as the MINA servers' I/O
 * processors); one more thread accepts connections.
 */
public final class NettyEchoServer {

    private NettyEchoServer() {
    }

    @Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 7101;
        int ioThreads = Runtime.getRuntime().availableProcessors();
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--io-threads" -> ioThreads = Integer.parseInt(args[++i]);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "-h", "--help" -> {
                    System.out.println("usage: NettyEchoServer [port] [--host H] [--port P]"
                            + " [--io-threads N] [--exit-on-stdin-eof]");
                    return;
                }
                default -> port = Integer.parseInt(args[i]);
            }
        }
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads);
        EchoHandler echo = new EchoHandler();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(echo);
                    }
                });
        Channel server = b.bind(host, port).sync().channel();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().syncUninterruptibly();
            boss.shutdownGracefully();
            workers.shutdownGracefully();
        }, "netty-shutdown"));
        System.out.println("NettyEchoServer listening on " + server.localAddress() + " with " + ioThreads
                + " event loops (NIO)");
        System.out.flush();
        if (exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] sink = new byte[256];
                    while (in.read(sink) >= 0) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // parent gone
                }
                System.exit(0);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        server.closeFuture().sync();
    }
}
