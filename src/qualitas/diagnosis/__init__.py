"""Problem diagnosis: characteristics, measurements, studies, monitoring and alerts (calls ``qualitas.analytics``)."""
