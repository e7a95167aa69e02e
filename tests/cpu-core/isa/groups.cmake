# SPDX-License-Identifier: Apache-2.0
# The ISA test groups (tests/cpu-core/isa/<group>.S), shared by tests/cpu-core/isa and tests/cpu-core/diff.
# VP_ISA_GROUPS run on QEMU (the reference) and on vpbridge, for both XLENs.
# VP_ISA_VPONLY_GROUPS check behaviour where QEMU 7.2 deviates from the spec or from our
# M+U-only harts; they run on vpbridge only (see docs/testing.md).
set(VP_ISA_GROUPS alu branch mem muldiv atomic compressed zicsr zifencei misa traps interrupts smode vm pmp)
set(VP_ISA_VPONLY_GROUPS vponly_spec)
# VP_ISA_FP_GROUPS are built for rv<XLEN>imafdc and run on rv<XLEN>gc harts (tests/cpu-core/isa/
# virt-rv<XLEN>-fd.yaml) and on QEMU with F and D on; otherwise as VP_ISA_GROUPS.
set(VP_ISA_FP_GROUPS fp)
