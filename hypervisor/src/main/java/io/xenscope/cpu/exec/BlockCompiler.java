package io.xenscope.cpu.exec;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.PUTSTATIC;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Stage 2 of the execution engine (JPC's design, see DESIGN.md): a hot block becomes a hidden class
 * whose {@code static final} fields hold the block's ops, and whose {@code run} calls them in a
 * straight line. C2 treats static finals as constants, and the final fields of records and lambdas
 * (which ops are) as trusted, so it inlines every op and every operand location into one compiled
 * method: no dispatch per instruction is left. Hidden classes are unloaded with their block, so
 * invalidated code does not accumulate.
 *
 * <p>The generated method is, for a block of n ops:
 * <pre>
 *   int i = 0;
 *   try {
 *     OP0.execute(cpu); i = 1; if (!block.valid) return 1;
 *     ...
 *     OPn-1.execute(cpu); return n;
 *   } catch (Throwable t) { block.faultIndex = i; throw t; }
 * </pre>
 */
public final class BlockCompiler {
    private static final String OP = Type.getInternalName(Op.class);
    private static final String CPU = Type.getInternalName(io.xenscope.cpu.Cpu.class);
    private static final String BLOCK = Type.getInternalName(Block.class);
    private static final String COMPILED = Type.getInternalName(CompiledBlock.class);
    private static final String OP_DESC = Type.getDescriptor(Op.class);

    private final MethodHandles.Lookup lookup = MethodHandles.lookup();
    private final AtomicLong compiled = new AtomicLong();

    public long compiledBlocks() {
        return compiled.get();
    }

    public CompiledBlock compile(Block block) {
        byte[] bytes = generate(block.ops.length);
        try {
            Class<?> c = lookup.defineHiddenClassWithClassData(bytes, block.ops.clone(), true).lookupClass();
            compiled.incrementAndGet();
            return (CompiledBlock) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define a compiled block", e);
        }
    }

    private static byte[] generate(int n) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        String name = BLOCK.substring(0, BLOCK.lastIndexOf('/') + 1) + "CompiledBlock$";
        cw.visit(V17, ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object", new String[] {COMPILED});
        for (int i = 0; i < n; i++) {
            cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "op" + i, OP_DESC, null, null).visitEnd();
        }
        classInitializer(cw, name, n);
        constructor(cw);
        runMethod(cw, name, n);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code static { Object[] ops = classData(lookup(), "_", Object[].class); op0 = (Op) ops[0]; ... }} */
    private static void classInitializer(ClassWriter cw, String name, int n) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(Type.getType(Object[].class));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/Object;");
        mv.visitVarInsn(ASTORE, 0);
        for (int i = 0; i < n; i++) {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitLdcInsn(i);
            mv.visitInsn(org.objectweb.asm.Opcodes.AALOAD);
            mv.visitTypeInsn(CHECKCAST, OP);
            mv.visitFieldInsn(PUTSTATIC, name, "op" + i, OP_DESC);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Locals: 0 this, 1 cpu, 2 block, 3 i, 4 the caught throwable. */
    private static void runMethod(ClassWriter cw, String name, int n) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "run", "(L" + CPU + ";L" + BLOCK + ";)I", null, null);
        mv.visitCode();
        Label start = new Label(), end = new Label(), handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
        mv.visitInsn(org.objectweb.asm.Opcodes.ICONST_0);
        mv.visitVarInsn(ISTORE, 3);
        mv.visitLabel(start);
        for (int i = 0; i < n; i++) {
            mv.visitFieldInsn(GETSTATIC, name, "op" + i, OP_DESC);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitMethodInsn(INVOKEINTERFACE, OP, "execute", "(L" + CPU + ";)V", true);
            mv.visitLdcInsn(i + 1);
            mv.visitVarInsn(ISTORE, 3);
            if (i < n - 1) {
                Label stillValid = new Label();
                mv.visitVarInsn(ALOAD, 2);
                mv.visitFieldInsn(GETFIELD, BLOCK, "valid", "Z");
                mv.visitJumpInsn(IFNE, stillValid);
                mv.visitVarInsn(ILOAD, 3);
                mv.visitInsn(IRETURN);
                mv.visitLabel(stillValid);
            }
        }
        mv.visitLabel(end);
        mv.visitLdcInsn(n);
        mv.visitInsn(IRETURN);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, 4);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(ILOAD, 3);
        mv.visitFieldInsn(PUTFIELD, BLOCK, "faultIndex", "I");
        mv.visitVarInsn(ALOAD, 4);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
