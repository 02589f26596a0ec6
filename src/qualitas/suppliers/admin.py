from django.contrib import admin

from qualitas.suppliers.models import IncomingLot, SuppliedPart, Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin[Supplier]):
    list_display = ("code", "name", "customer", "status")


@admin.register(SuppliedPart)
class SuppliedPartAdmin(admin.ModelAdmin[SuppliedPart]):
    list_display = ("part_number", "name", "supplier", "aql", "level", "severity")


@admin.register(IncomingLot)
class IncomingLotAdmin(admin.ModelAdmin[IncomingLot]):
    list_display = ("lot_number", "part", "received_on", "lot_size", "severity", "decision")
