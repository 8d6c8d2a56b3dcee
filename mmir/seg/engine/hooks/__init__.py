from .teacher_ema_hook import TeacherEMAHook

__all__ = ['TeacherEMAHook']
